// The server runs this JavaScript code, which is registered in the server as a getRecords transform.
record.temperature_celsius = record.source_payload.temperature;
record.temperature_fahrenheit = getFahrenheitFromCelsius(record.temperature_celsius);
record.temperature_status = calculateTemperatureStatus(record.temperature_fahrenheit);

function getFahrenheitFromCelsius(temperature_celsius) {
  return (temperature_celsius * 1.8) + 32;
}

function calculateTemperatureStatus(temperature_fahrenheit) {
  switch (true) {
    case (temperature_fahrenheit < 32):
      return "cold";
    case (temperature_fahrenheit > 80):
      return "hot";
    default:
      return "normal";
  }
}
