/**
 * Post a message to the #signups Slack channel for every new user.
 * Failures are logged and never block the signup.
 */
const http = require('http-helpers');
const axios = require('axios');

const CHANNEL = '#signups';
const TIMEOUT_MS = 3000;

exports.onExecutePostUserRegistration = async (event) => {
  const user = event.user;
  const text = `:tada: New signup: ${user.email} via ${event.connection.name}`;

  try {
    await axios.post(event.secrets.SLACK_WEBHOOK_URL, {
      channel: CHANNEL,
      text,
    }, { timeout: TIMEOUT_MS });
    console.log(`notified ${CHANNEL} about ${user.user_id}`);
  } catch (err) {
    console.log(`slack webhook failed: ${err.message}`);
  }
};
