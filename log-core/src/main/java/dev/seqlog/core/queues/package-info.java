/**
 * Queues (API §10, SEMANTICS §13): lease state composed onto a queue topic instance, with its own WAL frames
 * ({@code LeaseBody}) and snapshot section ({@code QueueSection}). A {@link dev.seqlog.core.queues.QueueTopic}
 * is the attachment of one instance; {@link dev.seqlog.core.queues.Queues} is what the engine facade calls.
 */
package dev.seqlog.core.queues;
