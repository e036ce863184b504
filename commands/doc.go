// Package commands is what a user can ask Byline: [Service.Ask],
// [Service.Summarize], [Service.Quote] and [Service.Articles].
//
// It knows questions and answers (text, numbered citations, verified
// quotes), and nothing of Discord: the terminal, JSON output and the bot
// all render the same [Answer]. Without a [ChatModel] answers are
// extractive; with one they are written by the model from the retrieved
// passages and then verified against them.
package commands
