/**
 * The notification hub: the only way anything in the engine waits for new records. Each topic instance
 * has one {@link dev.seqlog.core.internal.notify.HeadListeners} index; a publish wakes exactly the
 * listeners its new visible head satisfies, and {@link dev.seqlog.core.internal.notify.Deadlines} times
 * out waits on the engine's clock.
 */
package dev.seqlog.core.internal.notify;
