package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.CreateCheck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One admitted append, from the name to its acknowledgement: resolve (or create) the topic, append the encoded
 * batch under its lock, and complete when the write's class condition holds (the create's frame and the
 * write's own gate durable), publishing a gated write once it is. A topic deleted between lookup and append
 * is resolved again, so the write goes to whatever instance exists now. Stateless; thread-safe.
 */
public final class AdmittedAppend {
    private AdmittedAppend() {
    }

    /**
     * @param registry the topics
     * @param topic the name
     * @param request the write as requested (create options, idempotency key)
     * @param batch its records, encoded and checked
     * @param check asked before an inline configuration creates the topic
     * @param started when the caller began, on the nanoTime clock, for the result's timings
     * @param now the engine clock, in ms
     * @return the acknowledgement: complete at once, or when the flush the class asks for has happened
     */
    public static CompletableFuture<AppendResult> run(TopicRegistry registry, String topic, AppendRequest request,
                                                      EncodedBatch batch, CreateCheck check, long started, long now) {
        while (true) {
            TopicRegistry.Resolved r = registry.resolveForAppend(topic, request, check);
            TopicLog t = r.topic();
            TopicLog.Appended a = t.append(batch, now);
            if (a == null) {
                continue; // deleted between lookup and append
            }
            long appended = System.nanoTime();
            long wait = Math.max(r.createTicket(), a.gate());
            if (wait == 0) {
                return CompletableFuture.completedFuture(new AppendResult(topic, a.firstSeq(), a.lastSeq(), a.head(),
                        batch.size(), r.created(), a.deduped(), appended - started, 0));
            }
            return t.whenDurable(wait).handle((v, err) -> {
                if (err != null) {
                    t.forgetKey(request.idempotencyKey());
                    throw err instanceof CompletionException c ? c : new CompletionException(err);
                }
                long head = a.head();
                if (a.gate() != 0) {
                    t.publish(a.gate());
                    head = Math.max(head, a.lastSeq());
                }
                return new AppendResult(topic, a.firstSeq(), a.lastSeq(), head, batch.size(), r.created(),
                        a.deduped(), appended - started, System.nanoTime() - appended);
            });
        }
    }
}
