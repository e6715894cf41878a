/**
 * Require multi-factor authentication for administrators.
 * Admins are users holding one of ADMIN_ROLES; everyone else logs in as usual.
 */
const ADMIN_ROLES = ['admin', 'owner'];
const REMEMBER_BROWSER_DAYS = 30;

exports.onExecutePostLogin = async (event, api) => {
  const roles = (event.authorization && event.authorization.roles) || [];
  const isAdmin = roles.some((role) => ADMIN_ROLES.includes(role));
  if (!isAdmin) {
    return;
  }

  const enrolled = event.user.multifactor || [];
  console.log(`admin login, enrolled factors: ${enrolled.join(',')}`);

  api.multifactor.enable('any', {
    allowRememberBrowser: REMEMBER_BROWSER_DAYS > 0,
  });
};
