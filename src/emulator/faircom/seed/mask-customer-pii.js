// Integration table transform: masks personal data before orders reach the analytics table.
const customer = record.source_payload.customer;

record.customer_email = maskEmail(customer.email);
record.customer_phone = "***";

function maskEmail(email) {
  const [user, domain] = email.split("@");
  return user[0] + "***@" + domain;
}
