/**
 * Validate the metadata sent with a signup before the user is created.
 */
const MAX_NICKNAME_LENGTH = 32;
const ALLOWED_PLANS = ['free', 'team', 'enterprise'];

exports.onExecutePreUserRegistration = async (event, api) => {
  const metadata = event.user.user_metadata || {};

  if (metadata.nickname && metadata.nickname.length > MAX_NICKNAME_LENGTH) {
    api.access.deny('invalid_nickname', 'Nickname is too long.');
    return;
  }

  const plan = metadata.plan || 'free';
  if (!ALLOWED_PLANS.includes(plan)) {
    api.access.deny('invalid_plan', `Unknown plan ${plan}.`);
    return;
  }
  api.user.setUserMetadata('plan', plan);
};
