/**
 * Deny logins from countries the company may not serve.
 * The country comes from Auth0's IP geolocation of the request.
 */
const BLOCKED_COUNTRIES = ['KP', 'IR', 'SY', 'CU'];

exports.onExecutePostLogin = async (event, api) => {
  const geo = event.request.geoip || {};
  const country = geo.countryCode;

  if (!country) {
    console.log('no geolocation for request, allowing');
    return;
  }

  if (BLOCKED_COUNTRIES.includes(country)) {
    console.log(`blocking login from ${country} for ${event.user.user_id}`);
    api.access.deny('Access from your region is not available.');
  }
};
