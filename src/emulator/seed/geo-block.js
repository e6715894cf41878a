/**
 * Deny logins from countries the company may not serve.
 * The country comes from Auth0's IP geolocation of the request.
 */
const ipRangeCheck = require('ip-range-check');
const axios = require('axios');

const BLOCKED_COUNTRIES = ['KP', 'IR', 'SY', 'CU'];
// Staff travelling still log in through the office VPN.
const OFFICE_RANGES = ['203.0.113.0/24', '198.51.100.0/24'];

exports.onExecutePostLogin = async (event, api) => {
  const geo = event.request.geoip || {};
  const country = geo.countryCode;

  if (!country) {
    console.log('no geolocation for request, allowing');
    return;
  }

  if (ipRangeCheck(event.request.ip, OFFICE_RANGES)) {
    return;
  }

  if (BLOCKED_COUNTRIES.includes(country)) {
    console.log(`blocking login from ${country} for ${event.user.user_id}`);
    await axios.post(event.secrets.SIEM_WEBHOOK_URL, { type: 'geo_block', country, user: event.user.user_id });
    api.access.deny('Access from your region is not available.');
  }
};
