// Command byline answers questions about a collection of news articles, in
// the terminal or as a Discord bot.
package main

func main() {}
