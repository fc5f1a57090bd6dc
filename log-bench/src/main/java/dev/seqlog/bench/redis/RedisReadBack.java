package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.WorkloadResult;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * W3 on Redis: reads the stream {@link RedisProduce} filled from the start with
 * {@code XRANGE <stream> (<last id> + COUNT <w3Limit>} (exclusive start, so each page begins after the
 * previous one, like seqlog's {@code from_seq}), and checks that every producer/index tag arrives exactly
 * once in ascending id order. Confined to the calling thread.
 */
final class RedisReadBack {
    private static final long TIME_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private RedisReadBack() {
    }

    /**
     * @param redis the server
     * @param opt the counts W1 wrote with, and the read limit
     * @param stream the stream W1 filled
     * @return the result
     */
    static WorkloadResult run(RedisEndpoint redis, LoadGenOptions opt, String stream) {
        int total = opt.w1Records();
        int producers = opt.w1Producers();
        int perProducer = total / producers;
        int limit = opt.w3Limit();
        BitSet[] ids = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            ids[p] = new BitSet(perProducer);
        }
        long duplicates = 0;
        long malformed = 0;
        long outOfOrder = 0;
        long received = 0;
        long requests = 0;
        long maxRequests = total / limit * 2L + 100;
        long last = -1;
        String start = "-";
        long t0 = System.nanoTime();
        try (Jedis j = redis.connect()) {
            while (true) {
                List<StreamEntry> page = j.xrange(stream, start, "+", limit);
                requests++;
                for (StreamEntry e : page) {
                    long id = StreamIds.pack(e.getID().getTime(), e.getID().getSequence());
                    if (id <= last) {
                        outOfOrder++;
                    }
                    last = id;
                    received++;
                    int[] tag = tag(e.getFields().get(RedisProduce.FIELD));
                    if (tag == null || tag[0] >= producers || tag[1] >= perProducer) {
                        malformed++;
                    } else if (ids[tag[0]].get(tag[1])) {
                        duplicates++;
                    } else {
                        ids[tag[0]].set(tag[1]);
                    }
                }
                if (page.size() < limit || received >= total) {
                    break;
                }
                start = "(" + StreamIds.format(last);
                if (requests > maxRequests || System.nanoTime() - t0 > TIME_LIMIT_NANOS) {
                    malformed++;
                    break;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long distinct = 0;
        for (BitSet b : ids) {
            distinct += b.cardinality();
        }
        boolean ok = received == total && distinct == total && duplicates == 0 && malformed == 0 && outOfOrder == 0;
        List<String> lines = List.of(
                String.format(Locale.ROOT, "W3 XRANGE read: %,d entries, COUNT %d, %,d requests: %,.0f records/s "
                        + "(%.2f s)", received, limit, requests, received / secs, secs),
                String.format(Locale.ROOT, "   verify: entries=%,d tags=%,d duplicates=%d malformed/out-of-range=%d "
                        + "out-of-order=%d -> %s", received, distinct, duplicates, malformed, outOfOrder,
                        ok ? "OK" : "FAILED"));
        return WorkloadResult.throughput("W3", lines, ok, received / secs);
    }

    /**
     * Reads the producer/index tag of a W1 payload, which is a JSON string literal {@code "p<producer>-<index>-xx.."}
     * stored with its quotes.
     *
     * @param value the entry's field value
     * @return {producer, index}, or null if it is not a tagged payload
     */
    static int[] tag(String value) {
        if (value == null || value.length() < 6 || value.charAt(0) != '"' || value.charAt(1) != 'p') {
            return null;
        }
        int dash1 = value.indexOf('-', 2);
        int dash2 = dash1 < 0 ? -1 : value.indexOf('-', dash1 + 1);
        if (dash2 < 0) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(value, 2, dash1, 10), Integer.parseInt(value, dash1 + 1, dash2, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
