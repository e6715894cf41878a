/**
 * Progressive profiling: after a few logins, ask for the fields we still miss.
 * Redirects to the profile form and resumes the login when it comes back.
 */
const PROFILE_FORM_URL = 'https://example.com/profile/complete';
const MIN_LOGINS_BEFORE_ASKING = 3;
const FIELDS = ['given_name', 'family_name', 'company'];

function missingFields(user) {
  const metadata = user.user_metadata || {};
  return FIELDS.filter((field) => !user[field] && !metadata[field]);
}

exports.onExecutePostLogin = async (event, api) => {
  if (event.stats.logins_count < MIN_LOGINS_BEFORE_ASKING) {
    return;
  }
  const missing = missingFields(event.user);
  if (missing.length === 0) {
    return;
  }
  console.log(`asking ${event.user.user_id} for ${missing.join(', ')}`);
  const token = api.redirect.encodeToken({
    secret: event.secrets.PROFILE_TOKEN_SECRET,
    payload: { fields: missing },
  });
  api.redirect.sendUserTo(PROFILE_FORM_URL, { query: { session_token: token } });
};

exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({
    secret: event.secrets.PROFILE_TOKEN_SECRET,
    tokenParameterName: 'profile',
  });
  for (const field of FIELDS) {
    if (payload[field]) {
      api.user.setUserMetadata(field, payload[field]);
    }
  }
};
