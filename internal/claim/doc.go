// Package claim finds who said what in an article: direct quotations and
// reported speech, each with its speaker resolved to an actor, the verb of
// saying, the date of the statement, a stance (assert, deny, confirm,
// retract) and a hedge flag; and it links a denial to the claim it denies.
// It is pure logic: sentences and the article's date in, records out.
package claim
