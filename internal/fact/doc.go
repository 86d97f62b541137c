// Package fact finds what falls due and the numbers the news reports.
//
// Deadlines are expiries ("the treaty expires on February 5, 2026"),
// deadlines and ultimatums ("gave Russia 50 days", "must reply by the end
// of the month", "a deadline of Friday"), and scheduled meetings and votes
// ("talks are scheduled for Friday", "the vote is set for March 3"), each
// with its due date resolved against the article's date, a short phrase
// naming what is due (the subject and its verb: "New START treaty
// expires"), and the actors of the sentence. Reports that a deadline
// passed, was missed or met are records with a status; Deadlines links a
// dateless one to the deadline the article gave before, and UpdateStatus
// applies a later article's report to a deadline already stored.
//
// Facts are market moves ("Brent fell 2 percent to $61"), amounts of money
// ("$61 billion in aid"), counts ("some 600,000 troops") and casualties
// ("killed at least 12 people"), each with what was measured, the value,
// its unit, the direction of a change and the date.
//
// Deadlines and Facts read an article's sentences; Extract does both and
// reads each sentence once; SentenceDeadlines and SentenceFacts read one.
//
// Both are shallow readings over tokens, like the event coder: word lists
// and a few patterns around trigger words, no parser. A record is made only
// where the words around a trigger support it, so a sentence that merely
// holds a number or a date yields nothing. The package is pure logic: the
// article's date comes in as a parameter, and nothing reads a clock.
// testdata/README.md says how the labelled sentences the tests score the
// package on were chosen and what counts as right.
package fact
