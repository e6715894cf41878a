// Module: helpers shared by the sensor transforms.

function celsiusToFahrenheit(celsius) {
  return celsius * 1.8 + 32;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

module.exports = { celsiusToFahrenheit, clamp };
