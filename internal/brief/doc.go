// Package brief owns the weekly brief (veckobrev): the coordinator's
// published weekly situational picture, sent back to everyone who works
// in the municipality.
//
//   - A brief is per municipality and ISO week: the coordinator's analysis
//     and the actions agreed, a draft until it is published. Publication
//     freezes a snapshot of the week's picture (package report computes
//     it), so that the brief never changes afterwards.
//   - Publication is one transaction: the recipients (everyone in an
//     organisation that works in the municipality, less those who opted
//     out), an in-product delivery to each, an e-mail in the outbox of
//     package mail for each with an address when e-mail is set up, and the
//     links of the organisations' reports of the week, so that a reporter
//     sees that their report went into the picture. Sending the e-mail is
//     the mail worker's business: publication never waits for a server.
//   - Subscriptions: everyone is subscribed to the brief of each
//     municipality their organisations work in until they opt out, and may
//     narrow it to some of the municipality's areas, whose figures the
//     e-mail and the page then put first. Each e-mail carries its
//     recipient's link to opt out of that municipality's brief without
//     signing in, also as a one-click List-Unsubscribe (unsubscribe.go).
//   - Who writes and reads which brief (access.go): coordinators write for
//     their municipalities; everyone who works in a municipality reads its
//     published briefs; drafts are for the writers only.
package brief
