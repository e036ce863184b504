-- Fetch state of the feeds and pages Byline follows: cache validators for
-- conditional GETs, the last outcome, and every URL seen, so that an
-- unchanged feed or page costs a 304 (or no request) and one story is kept once.
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TEXT NOT NULL DEFAULT '', -- RFC 3339, UTC
	status        TEXT NOT NULL DEFAULT '', -- ok, not modified, failed
	error         TEXT NOT NULL DEFAULT ''
);

-- One row per stored article, by canonical URL (tracking parameters dropped).
CREATE TABLE pages (
	url           TEXT PRIMARY KEY,
	feed_url      TEXT NOT NULL DEFAULT '',
	file          TEXT NOT NULL,              -- path inside the fetched-articles folder
	title         TEXT NOT NULL DEFAULT '',
	content_hash  TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	fetched_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pages_content_hash ON pages (content_hash);
CREATE INDEX pages_feed_url ON pages (feed_url);

-- Every link or feed item that led to a page (or failed to), so that it is
-- not fetched again: item_key is the feed's item id or the link.
CREATE TABLE seen (
	key       TEXT PRIMARY KEY,               -- normalised link, or feed URL + " " + item id
	page_url  TEXT NOT NULL DEFAULT '',       -- the pages row it led to; '' when it failed
	version   TEXT NOT NULL DEFAULT '',       -- the item's updated date, to notice changes
	error     TEXT NOT NULL DEFAULT '',
	seen_at   TEXT NOT NULL DEFAULT ''
);
