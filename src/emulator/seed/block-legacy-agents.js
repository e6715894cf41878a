/**
 * (Draft) Block logins from user agents we no longer support.
 * Not deployed yet: waiting for the support team's announcement.
 */
const LEGACY_PATTERNS = [
  /MSIE \d+\./,
  /Trident\/7\./,
  /Android 4\./,
  /Edge\/1[2-8]\./,
];
const SUPPORT_URL = 'https://example.com/help/browsers';

function isLegacy(agent) {
  return LEGACY_PATTERNS.some((pattern) => pattern.test(agent));
}

exports.onExecutePostLogin = async (event, api) => {
  const agent = event.request.user_agent || '';
  if (isLegacy(agent)) {
    api.access.deny(`Your browser is no longer supported. See ${SUPPORT_URL}`);
  }
};
