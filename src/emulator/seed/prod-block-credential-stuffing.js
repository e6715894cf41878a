/**
 * HOTFIX (INC-2291): deny logins from the networks behind the credential-stuffing wave.
 * Made in production during the incident; remove once bot detection covers these ranges.
 */
const ipRangeCheck = require('ip-range-check');

const ATTACK_RANGES = ['192.0.2.0/24'];

exports.onExecutePostLogin = async (event, api) => {
  if (ipRangeCheck(event.request.ip, ATTACK_RANGES)) {
    console.log(`INC-2291: blocked login for ${event.user.user_id} from ${event.request.ip}`);
    api.access.deny('Too many sign-in attempts from your network. Try again later.');
  }
};
