// Package discordtest is a loopback fake Discord for tests: the real
// discordgo client connects to it over 127.0.0.1, exactly as it connects to
// discord.com, and the test drives users, reads what the bot answered and
// checks that the bot kept Discord's rules.
//
// A [Server] serves the REST API under /api/v9 and /api/v10 (GET /gateway
// answers the fake's own ws:// URL) and the gateway websocket: HELLO with a
// short heartbeat interval, IDENTIFY (recorded, token checked: a wrong one
// is closed with 4004; a privileged intent not enabled with
// [WithPrivilegedIntents] is closed with 4014), READY and GUILD_CREATE for
// [GuildID], heartbeat ACKs, zlib-compressed dispatches when IDENTIFY asks
// for compression, and RESUME after [Server.DropConnection] with the missed
// events replayed before RESUMED. [Server.RequestReconnect] (op 7) and
// [Server.InvalidateSession] (op 9) exercise the other reconnection paths.
//
// The test plays the users: [Server.SlashCommand], [Server.Autocomplete],
// [Server.Button] and [Server.SendMessage] dispatch INTERACTION_CREATE and
// MESSAGE_CREATE; an [Interaction] shows the callback ([Interaction.WaitAck])
// and the original response as last edited ([Interaction.WaitFinal]).
//
// Like Discord, the fake refuses what Discord refuses, with Discord's status
// codes and error JSON: content over 2000 characters, an embed description
// over 4096, embeds over 6000 in total or more than 10, an empty message, a
// callback more than 3 s after the dispatch (404, code 10062), a second
// callback (400, code 40060), webhook calls after the 15 min token lifetime
// (401, code 50027), a wrong Authorization header (401), invalid command
// registrations. Without the privileged MESSAGE_CONTENT intent, guild
// messages that do not mention the bot arrive with an empty content, as on
// Discord. [Server.RateLimitNext] answers one request with a 429 and the
// headers discordgo's rate limiter reads.
//
// Every REST request is recorded ([Server.Requests]) and checked against
// Discord's OpenAPI document, ../shared/specs/discord/openapi.json from the
// module root, with github.com/pb33f/libopenapi-validator (path rewritten
// from /api/v9 to /api/v10; the document is loaded once per test binary, in
// the background). Mismatches, unknown routes and
// protocol misuse (a command dispatched that was never registered, a click
// on a button the message does not have) are listed by
// [Server.SpecViolations]. When the document is absent, the check is skipped
// with a t.Log line saying so. The validator would compile the schema of
// every operation up front (15 s or more); the fake lets it compile only the
// schemas the checked requests use, so loading takes well under a second and
// the first check of each kind of request pays for its schema. Requests are
// checked when SpecViolations is called, not while the test runs, to keep
// the CPU free for the bot's deadlines.
//
// Two things to know when driving discordgo against it. Shutting a session
// down: discordgo's heartbeat goroutine may see the connection it is closing
// fail and start reconnecting (more likely with a short heartbeat interval), so set
// Session.ShouldReconnectOnError = false before Session.Close. Content: the
// fake blanks guild message content exactly as Discord does without the
// MESSAGE_CONTENT intent, so a follow-up in a thread must mention the bot
// ([MessageSpec.MentionBot]) to be readable, and guild commands are not
// offered in DMs (a DM interaction only finds global commands).
package discordtest
