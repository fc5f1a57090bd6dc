package dev.seqlog.client;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.Touch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The topic and record routes (API §2, §3, §4, §6). Thread-safe. */
final class TopicCalls {
    private final Transport transport;

    TopicCalls(Transport transport) {
        this.transport = transport;
    }

    /** {@code PUT /v0/topics/:topic}. */
    CompletableFuture<ConfigureResult> configure(String topic, TopicConfig config) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            return transport.call("PUT", Paths.topic(topic), Requests.config(config))
                    .thenApply(r -> Responses.read(r.body(), "topic configuration", Responses::configured));
        });
    }

    /** {@code GET /v0/topics/:topic}; a bad name throws at once. */
    CompletableFuture<TopicState> state(String topic, Touch touch) {
        Names.requireTopic(topic);
        String path = new Paths.Query().add("touch", touch == Touch.READ).on(Paths.topic(topic));
        return transport.call("GET", path, null).thenApply(r -> Responses.read(r.body(), "topic state",
                Responses::state));
    }

    /** {@code GET /v0/topics}, then each listed topic's state without touching it. */
    TopicPage list(ListRequest request) {
        String path = new Paths.Query().add("prefix", request.prefix()).add("page_size", request.pageSize())
                .add("cursor", request.cursor()).add("touch", request.touch() == Touch.READ ? Boolean.TRUE : null).on("/v0/topics");
        Responses.NamePage page = Responses.read(Calls.join(transport.call("GET", path, null)).body(), "topic list",
                Responses.names("topics", "topic"));
        List<TopicState> states = Calls.each(page.names(), t -> state(t, Touch.PEEK), ErrorCode.TOPIC_NOT_FOUND);
        return new TopicPage(states, page.nextCursor());
    }

    /** {@code DELETE /v0/topics/:topic}. */
    CompletableFuture<TopicDeletion> deleteTopic(String topic, DeleteIf condition) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            String path = new Paths.Query().add("if_empty", condition == DeleteIf.EMPTY ? Boolean.TRUE : null)
                    .on(Paths.topic(topic));
            return transport.call("DELETE", path, null).thenApply(r -> Responses.read(r.body(), "topic deletion",
                    Responses::topicDeletion));
        });
    }

    /** {@code POST /v0/topics/:topic}. */
    CompletableFuture<AppendResult> append(String topic, AppendRequest request) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            // seqs are contiguous: first_seq and last_seq say everything the seqs array would
            String path = new Paths.Query().add("return_seqs", false).on(Paths.topic(topic));
            return transport.call("POST", path, Requests.append(request)).thenApply(r -> Responses.read(r.body(),
                    "append result", Responses::appended));
        });
    }

    /**
     * An append whose inline configuration may only create the topic if {@code check} agrees: first written with
     * {@code create:false}; if the topic is missing, the check is asked, then the write is sent as given.
     */
    CompletableFuture<AppendResult> append(String topic, AppendRequest request, CreateCheck check) {
        boolean mayCreate = request.config() != null && !Boolean.FALSE.equals(request.create())
                && (request.create() != null || request.config().autoCreate());
        if (check == CreateCheck.ALLOW || !mayCreate) {
            return append(topic, request);
        }
        AppendRequest existing = new AppendRequest(request.records(), request.node(), request.idempotencyKey(), false,
                null);
        return append(topic, existing).exceptionallyCompose(e -> {
            Throwable c = Errors.unwrap(e);
            if (!(c instanceof SeqlogException s) || s.code() != ErrorCode.TOPIC_NOT_FOUND) {
                return CompletableFuture.failedFuture(c);
            }
            try {
                check.check(topic, request.config());
            } catch (RuntimeException refused) {
                return CompletableFuture.failedFuture(refused);
            }
            return append(topic, request);
        });
    }

    /** {@code POST /v0/topics/:topic/diff} without a wait; a bad name throws at once. */
    CompletableFuture<Transport.Response> diff(String topic, DiffRequest request) {
        Names.requireTopic(topic);
        return transport.call("POST", Paths.topic(topic, "diff"), Requests.diff(request, 0));
    }

    /** {@code POST /v0/topics/:topic/delete}. */
    CompletableFuture<DeleteResult> delete(String topic, DeleteRequest request) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, "delete"), Requests.delete(request))
                    .thenApply(r -> Responses.read(r.body(), "delete result", Responses::deleted));
        });
    }
}
