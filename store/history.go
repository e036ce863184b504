package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// QuestionRow is one question asked, as kept in the question log.
type QuestionRow struct {
	At       time.Time
	Source   string // discord, console, cli
	Command  string
	Question string
	Outcome  string // answered, refused, model_failed, error
	Latency  time.Duration
	Sources  []string // titles of the cited articles
	AnswerID string
	UserHash string // never a raw user id
}

// VoteRow is one user's vote on one answer.
type VoteRow struct {
	At       time.Time
	AnswerID string
	UserHash string
	Vote     string // up or down
	Question string
}

// Turn is the last question and answer of a conversation, for follow-ups.
type Turn struct {
	Key, Question, Answer, Channel string
	At                             time.Time
}

// AddQuestion appends a question to the log.
func (db *DB) AddQuestion(ctx context.Context, q QuestionRow) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO questions
		(at, source, command, question, outcome, latency_ms, sources, answer_id, user_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.At.Unix(), q.Source, q.Command, q.Question, q.Outcome, q.Latency.Milliseconds(),
		strings.Join(q.Sources, "\n"), q.AnswerID, q.UserHash)
	if err != nil {
		return fmt.Errorf("log question: %w", err)
	}
	return nil
}

// Questions returns the questions asked at or after since, oldest first.
func (db *DB) Questions(ctx context.Context, since time.Time) ([]QuestionRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT at, source, command, question, outcome, latency_ms, sources, answer_id, user_hash
		FROM questions WHERE at >= ? ORDER BY at, id`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("read question log: %w", err)
	}
	defer rows.Close()
	var out []QuestionRow
	for rows.Next() {
		var q QuestionRow
		var at, ms int64
		var sources string
		if err := rows.Scan(&at, &q.Source, &q.Command, &q.Question, &q.Outcome, &ms, &sources, &q.AnswerID, &q.UserHash); err != nil {
			return nil, fmt.Errorf("read question log: %w", err)
		}
		q.At, q.Latency = time.Unix(at, 0).UTC(), time.Duration(ms)*time.Millisecond
		if sources != "" {
			q.Sources = strings.Split(sources, "\n")
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read question log: %w", err)
	}
	return out, nil
}

// PutVote records a vote; a user's later vote on the same answer replaces
// the earlier one.
func (db *DB) PutVote(ctx context.Context, v VoteRow) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO feedback (answer_id, user_hash, vote, question, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at,
		question = CASE WHEN excluded.question != '' THEN excluded.question ELSE feedback.question END`,
		v.AnswerID, v.UserHash, v.Vote, v.Question, v.At.Unix())
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}

// Votes returns the votes cast at or after since, oldest first.
func (db *DB) Votes(ctx context.Context, since time.Time) ([]VoteRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT at, answer_id, user_hash, vote, question FROM feedback WHERE at >= ? ORDER BY at`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	defer rows.Close()
	var out []VoteRow
	for rows.Next() {
		var v VoteRow
		var at int64
		if err := rows.Scan(&at, &v.AnswerID, &v.UserHash, &v.Vote, &v.Question); err != nil {
			return nil, fmt.Errorf("read votes: %w", err)
		}
		v.At = time.Unix(at, 0).UTC()
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	return out, nil
}

// PutTurn keeps a conversation turn under its key, replacing an older one.
func (db *DB) PutTurn(ctx context.Context, t Turn) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO turns (key, question, answer, channel, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET question = excluded.question, answer = excluded.answer,
		channel = excluded.channel, at = excluded.at`, t.Key, t.Question, t.Answer, t.Channel, t.At.Unix())
	if err != nil {
		return fmt.Errorf("keep conversation turn: %w", err)
	}
	return nil
}

// GetTurn returns the turn kept under key; false when there is none.
func (db *DB) GetTurn(ctx context.Context, key string) (Turn, bool, error) {
	t := Turn{Key: key}
	var at int64
	err := db.sql.QueryRowContext(ctx, `SELECT question, answer, channel, at FROM turns WHERE key = ?`, key).
		Scan(&t.Question, &t.Answer, &t.Channel, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Turn{}, false, nil
	}
	if err != nil {
		return Turn{}, false, fmt.Errorf("read conversation turn: %w", err)
	}
	t.At = time.Unix(at, 0).UTC()
	return t, true, nil
}

// PurgeHistory deletes the questions, votes and turns older than before
// and returns how many rows went.
func (db *DB) PurgeHistory(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	for _, table := range []string{"questions", "feedback", "turns"} {
		res, err := db.sql.ExecContext(ctx, "DELETE FROM "+table+" WHERE at < ?", before.Unix())
		if err != nil {
			return n, fmt.Errorf("purge %s: %w", table, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// Secret returns a random per-database secret (made on first use): the
// key of the user-id hashes, so they cannot be reversed by hashing every
// possible id without the database itself.
func (db *DB) Secret(ctx context.Context) ([]byte, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'user_hash_key'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("make hash key: %w", err)
		}
		if _, err := db.sql.ExecContext(ctx, `INSERT OR IGNORE INTO meta (key, value) VALUES ('user_hash_key', ?)`, hex.EncodeToString(b[:])); err != nil {
			return nil, fmt.Errorf("keep hash key: %w", err)
		}
		return db.Secret(ctx) // another process may have won the race
	}
	if err != nil {
		return nil, fmt.Errorf("read hash key: %w", err)
	}
	return hex.DecodeString(v)
}
