-- The account a session, token, recovery code, membership or notification mode belongs to is
-- named `account` instead of `user`: USER is a reserved word of standard SQL and PostgreSQL
-- (where a bare `user` is the name of the connected role), and every statement of the store is
-- written once for both engines. The indexes follow the renamed columns.
ALTER TABLE recovery_codes RENAME COLUMN user TO account;
ALTER TABLE sessions RENAME COLUMN user TO account;
ALTER TABLE api_tokens RENAME COLUMN user TO account;
ALTER TABLE memberships RENAME COLUMN user TO account;
ALTER TABLE notification_modes RENAME COLUMN user TO account;
