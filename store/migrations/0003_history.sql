-- The question log, feedback votes and conversation turns (issue 15). Users
-- appear only as keyed hashes; times are Unix seconds (UTC).
CREATE TABLE questions (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	source     TEXT    NOT NULL,           -- discord, console
	command    TEXT    NOT NULL,           -- ask, summarize, quote, mention, …
	question   TEXT    NOT NULL,
	outcome    TEXT    NOT NULL,           -- answered, refused, model_failed, error
	latency_ms INTEGER NOT NULL,
	sources    TEXT    NOT NULL DEFAULT '', -- cited article titles, one per line
	answer_id  TEXT    NOT NULL DEFAULT '',
	user_hash  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX questions_at ON questions (at);

CREATE TABLE feedback (
	answer_id TEXT    NOT NULL,
	user_hash TEXT    NOT NULL,
	vote      TEXT    NOT NULL CHECK (vote IN ('up', 'down')),
	question  TEXT    NOT NULL DEFAULT '',
	at        INTEGER NOT NULL,
	PRIMARY KEY (answer_id, user_hash)      -- a user's last vote on an answer counts
);
CREATE INDEX feedback_at ON feedback (at);

CREATE TABLE turns (
	key      TEXT PRIMARY KEY,              -- "m:<message id>" or "c:<thread id>"
	question TEXT    NOT NULL,
	answer   TEXT    NOT NULL,
	channel  TEXT    NOT NULL,
	at       INTEGER NOT NULL
);
CREATE INDEX turns_at ON turns (at);
