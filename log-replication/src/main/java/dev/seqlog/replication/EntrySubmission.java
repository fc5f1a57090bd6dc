package dev.seqlog.replication;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Sends each entry to the Raft leader: straight into this node's Raft server while it leads, with no RPC to itself,
 * and otherwise over the Raft client's RPC to the leader this node knows of. Through the Raft client's own ordered
 * sending, an entry to this node's own server would cross gRPC twice in the same process, more than a third of
 * its latency on the development machine.
 *
 * <p>A request keeps one client id and one call id over all its attempts, and Ratis's retry cache, which every
 * replica fills from the entries it applies, answers a repeat of an applied request with its first reply. So when
 * the leadership moves while an entry is in flight (the old leader answers "not leader" or "stepping down", or
 * stops answering), the same request sent to the new leader is applied at most once: a new leader takes requests
 * only once it has applied every entry of earlier terms.
 *
 * <p>A failed attempt is repeated {@value #RETRY_MILLIS} ms later at the leader then known (the one a "not leader"
 * answer names, else this node's view), up to {@value #MAX_ATTEMPTS} attempts, the Raft client's own budget
 * ({@link RaftSettings#clientRetry()}), and none later than {@value #MAX_RETRY_WINDOW_MILLIS} ms after the first. A
 * request goes to this node's own server only while it leads: Ratis 3.2.1 fails the retry-cache entry of a request
 * that a node which no longer leads is asked for again, and then cannot record that request's result when the node
 * applies it. The caller sends one entry at a time ({@link BatchingProposer#MAX_IN_FLIGHT}), so a repeated entry
 * cannot overtake a later one.
 *
 * <p>Thread-safe.
 */
final class EntrySubmission {
    private static final Logger LOG = LoggerFactory.getLogger(EntrySubmission.class);

    static final int MAX_ATTEMPTS = RaftSettings.ATTEMPTS;
    static final long RETRY_MILLIS = RaftSettings.RETRY_MILLIS;
    /**
     * No attempt starts later than this after the first: a copy must reach the leader while its retry cache still
     * holds the first copy's answer (Ratis keeps one for 60 s), or it would be applied again.
     */
    static final long MAX_RETRY_WINDOW_MILLIS = 30_000;

    private final RaftServer server;
    private final RaftGroupId groupId;
    private final Supplier<RaftClient> client;
    private final Supplier<Collection<RaftPeer>> members;
    private final Supplier<RaftPeerId> knownLeader;
    private final BooleanSupplier leading;
    private final BooleanSupplier closed;
    private final ScheduledExecutorService retries;
    private final ClientId clientId = ClientId.randomId();

    /**
     * @param server this node's Raft server
     * @param groupId the Raft group
     * @param client the node's Raft client, whose RPC reaches the other members
     * @param members the members of the group's current configuration
     * @param knownLeader the leader this node knows of, or null
     * @param leading whether this node leads and takes requests (Ratis's "leader ready")
     * @param closed whether the node is closing (attempts stop)
     * @param retries runs the later attempts; shut down by the node
     */
    EntrySubmission(RaftServer server, RaftGroupId groupId, Supplier<RaftClient> client,
                    Supplier<Collection<RaftPeer>> members, Supplier<RaftPeerId> knownLeader, BooleanSupplier leading,
                    BooleanSupplier closed, ScheduledExecutorService retries) {
        this.server = server;
        this.groupId = groupId;
        this.client = client;
        this.members = members;
        this.knownLeader = knownLeader;
        this.leading = leading;
        this.closed = closed;
        this.retries = retries;
    }

    /**
     * Sends an entry to the leader.
     *
     * @param entry the entry's bytes
     * @return the reply that settled it: a success, or a refusal that another attempt would not change; fails with
     *         the last attempt's failure once the attempts run out or the node closes
     */
    CompletableFuture<RaftClientReply> send(byte[] entry) {
        Proposal p = new Proposal(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)), CallId.getAndIncrement(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_RETRY_WINDOW_MILLIS), new CompletableFuture<>());
        RaftPeerId to = target(null);
        if (to == null) {
            later(p, 1, new IOException("no Raft leader is known yet"));
        } else {
            attempt(p, to, 1);
        }
        return p.result();
    }

    /** One entry over all its attempts: the same message and call id each time. */
    private record Proposal(Message message, long callId, long deadlineNanos,
                            CompletableFuture<RaftClientReply> result) {
    }

    private void attempt(Proposal p, RaftPeerId to, int n) {
        if (n > 1 && closed.getAsBoolean()) {
            p.result().completeExceptionally(new AlreadyClosedException("the node closed while its entry was retried"));
            return;
        }
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(to)
                .setGroupId(groupId).setCallId(p.callId()).setMessage(p.message())
                .setType(RaftClientRequest.writeRequestType()).build();
        boolean local = to.equals(server.getId());
        CompletableFuture<RaftClientReply> sent;
        try {
            if (local) {
                sent = server.submitClientRequestAsync(request);
            } else {
                RaftClient c = client.get();
                c.getClientRpc().addRaftPeers(members.get()); // a member added since the client was built
                sent = c.getClientRpc().sendRequestAsyncUnordered(request);
            }
        } catch (Exception e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, failure) -> {
            Throwable why = failure != null ? unwrap(failure) : reply.isSuccess() ? null : reply.getException();
            if (failure != null && !local) {
                reconnect(to, why); // a broken stream refuses every later request
            }
            if (why != null && retriable(why)) {
                later(p, n, why);
            } else if (failure != null) {
                p.result().completeExceptionally(why);
            } else {
                p.result().complete(reply);
            }
        });
    }

    private void reconnect(RaftPeerId peer, Throwable why) {
        try {
            client.get().getClientRpc().handleException(peer, why, true);
        } catch (RuntimeException e) {
            LOG.debug("resetting the connection to {} failed: {}", peer, e.toString());
        }
    }

    /** Attempt {@code n} failed: tries again later, if attempts and time remain and a leader is known by then. */
    private void later(Proposal p, int n, Throwable why) {
        if (n >= MAX_ATTEMPTS || System.nanoTime() - p.deadlineNanos() > 0 || closed.getAsBoolean()) {
            p.result().completeExceptionally(why);
            return;
        }
        try {
            retries.schedule(() -> {
                RaftPeerId to = target(why);
                if (to == null) {
                    later(p, n + 1, why); // no leader known yet: counts as an attempt
                } else {
                    attempt(p, to, n + 1);
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            p.result().completeExceptionally(why);
        }
    }

    /** @return where the next attempt goes: this node while it leads, else the leader named or known; or null */
    private RaftPeerId target(Throwable lastFailure) {
        RaftPeerId self = server.getId();
        if (leading.getAsBoolean()) {
            return self;
        }
        if (lastFailure instanceof NotLeaderException nle && nle.getSuggestedLeader() != null
                && !self.equals(nle.getSuggestedLeader().getId())) {
            return nle.getSuggestedLeader().getId();
        }
        RaftPeerId known = knownLeader.get();
        return known != null && !self.equals(known) ? known : null;
    }

    /** Whether another attempt may settle it: anything but the state machine's or the group's own refusal. */
    static boolean retriable(Throwable why) {
        return !(why instanceof StateMachineException) && !(why instanceof GroupMismatchException);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
