/**
 * Deliver MFA and passwordless SMS through Twilio instead of Auth0's provider.
 */
const http = require('http-helpers');
const twilio = require('twilio');

const FROM_NUMBER = '+15005550006';
const MAX_ATTEMPTS = 2;
const TIMEOUT_MS = 4000;

exports.onExecuteSendPhoneMessage = async (event, api) => {
  const client = twilio(event.secrets.TWILIO_ACCOUNT_SID, event.secrets.TWILIO_AUTH_TOKEN, {
    timeout: TIMEOUT_MS,
  });
  const { recipient, text } = event.message_options;

  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      const message = await client.messages.create({ body: text, from: FROM_NUMBER, to: recipient });
      console.log(`sms ${message.sid} queued on attempt ${attempt}`);
      return;
    } catch (err) {
      console.log(`twilio error ${err.code}: ${err.message}`);
      if (attempt >= MAX_ATTEMPTS || !http.isRetryable(err.status)) {
        throw err;
      }
    }
  }
};
