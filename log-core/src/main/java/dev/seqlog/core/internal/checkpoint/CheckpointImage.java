package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.LogPosition;
import dev.seqlog.core.internal.segment.SegmentMeta;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.format.IdempotencySection;
import dev.seqlog.core.internal.format.LossList;
import dev.seqlog.core.internal.format.QueueSection;
import dev.seqlog.core.internal.format.RouterSection;
import dev.seqlog.core.internal.format.SegmentList;
import dev.seqlog.core.internal.format.SnapshotBody;
import dev.seqlog.core.internal.format.SnapshotSections;
import dev.seqlog.core.internal.format.TopicSection;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.WalCut;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a snapshot file: which WAL files it covers and the image of every topic instance. The bytes
 * are the format package's: an engine section and one topic section per instance ({@link SnapshotBody},
 * {@link TopicSection}); this class maps them to and from the engine's images.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class CheckpointImage {
    private final long maxTopicId;
    private final WalCut cut;
    private final List<TopicImage> topics;
    private final ByteBuffer routers;
    private final LogPosition position;

    /**
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the image covers
     * @param topics the topic images
     * @param routers the router section content (RouterSection), or null for none
     */
    public CheckpointImage(long maxTopicId, WalCut cut, List<TopicImage> topics, ByteBuffer routers) {
        this(maxTopicId, cut, topics, routers, null);
    }

    /**
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the image covers
     * @param topics the topic images
     * @param routers the router section content (RouterSection), or null for none
     * @param position the external log's last included entry, or null for an engine with its own WAL
     */
    public CheckpointImage(long maxTopicId, WalCut cut, List<TopicImage> topics, ByteBuffer routers,
                           LogPosition position) {
        this.maxTopicId = maxTopicId;
        this.cut = cut;
        this.topics = topics;
        this.routers = routers;
        this.position = position;
    }

    /** @return the external log's last included entry, or null for an engine with its own WAL */
    public LogPosition position() {
        return position;
    }

    /** @return the router section content, position 0 to limit, or null if the image has none */
    public ByteBuffer routers() {
        return routers == null ? null : routers.duplicate();
    }

    /** @return the highest topic id ever used */
    public long maxTopicId() {
        return maxTopicId;
    }

    /** @return the WAL files covered */
    public WalCut cut() {
        return cut;
    }

    /** @return the topics */
    public List<TopicImage> topics() {
        return topics;
    }

    /** @return the encoded body, in the current snapshot format version */
    public ByteBuffer encode() {
        SnapshotSections.Writer w = position == null ? SnapshotBody.begin(maxTopicId, cut, topics.size())
                : SnapshotBody.begin(maxTopicId, cut, topics.size(), position.term(), position.index(),
                        position.timeMs());
        for (TopicImage t : topics) {
            TopicSection.Writer tw = TopicSection.begin(w, t.id(), t.lsn(), t.name(), t.config())
                    .head(t.head()).earliest(t.earliest()).capFloor(t.capFloor()).ttlFloor(t.ttlFloor())
                    .restartFloor(t.restartFloor()).reservation(t.reservation()).lastTs(t.lastTs())
                    .lastWriteTs(t.lastWriteTs()).count(t.count()).bytes(t.bytes());
            LossList.Writer lw = tw.losses(t.losses().size());
            for (int i = 0; i < t.losses().size(); i++) {
                TopicImage.Loss l = t.losses().get(i);
                lw.loss(i, l.from(), l.to(), l.reason(), l.missed());
            }
            SegmentList.Writer sw = tw.segments(t.segments().size());
            for (SegmentImage s : t.segments()) {
                SegmentMeta m = s.meta;
                sw.next(s.flagNumbers.length, m.objectId()).baseSeq(s.baseSeq).entries(m.count()).bytes(m.bytes()).sealed(m.sealed())
                        .undeletedCount(m.undeletedCount()).undeletedBytes(m.undeletedBytes()).taggedCount(m.taggedCount())
                        .firstTs(m.firstTs()).lastTs(m.lastTs()).cold(m.cold());
                for (int k = 0; k < s.flagNumbers.length; k++) {
                    sw.flag(k, s.flagNumbers[k]);
                }
            }
            tw.end();
            if (t.queue() != null) {
                ByteBuffer q = t.queue();
                boolean leases = QueueSection.entries(q) > 0;
                w.beginSection(SnapshotBody.QUEUE, QueueSection.VERSION, leases ? SnapshotSections.REQUIRED : 0);
                int at = w.claim(q.remaining());
                w.buffer().put(at, q, q.position(), q.remaining());
                w.endSection();
            }
            if (t.idempotency() != null) {
                ByteBuffer m = t.idempotency();
                w.beginSection(SnapshotBody.IDEMPOTENCY, IdempotencySection.VERSION, 0);
                int at = w.claim(m.remaining());
                w.buffer().put(at, m, m.position(), m.remaining());
                w.endSection();
            }
        }
        if (routers != null) {
            boolean any = RouterSection.count(routers) > 0;
            w.beginSection(SnapshotBody.ROUTERS, RouterSection.VERSION, any ? SnapshotSections.REQUIRED : 0);
            int at = w.claim(routers.remaining());
            w.buffer().put(at, routers, routers.position(), routers.remaining());
            w.endSection();
        }
        return w.finish();
    }

    /**
     * Decodes a body whose snapshot file checksum already matched.
     *
     * @param version the snapshot file's format version
     * @param b the body
     * @return the image
     * @throws CorruptionException if the content does not parse
     * @throws UnsupportedFormatException for a version, or a required section, this build does not know
     */
    public static CheckpointImage decode(int version, ByteBuffer b) throws CorruptionException,
            UnsupportedFormatException {
        List<TopicImage> topics = new ArrayList<>();
        long[] maxTopicId = new long[1];
        WalCut[] cut = new WalCut[1];
        ByteBuffer[] routers = new ByteBuffer[1];
        LogPosition[] position = new LogPosition[1];
        SnapshotBody.read(version, b, new SnapshotBody.Visitor() {
            @Override
            public void logPosition(long term, long index, long timeMs) {
                position[0] = new LogPosition(term, index, timeMs);
            }

            @Override
            public void engine(long max, WalCut c) {
                maxTopicId[0] = max;
                cut[0] = c;
            }

            @Override
            public void topic(TopicSection.Reader t) throws CorruptionException {
                topics.add(decodeTopic(t));
            }

            @Override
            public void queue(ByteBuffer content) throws CorruptionException {
                long id = new QueueSection.Reader(content).topicId();
                int last = topics.size() - 1;
                if (last < 0 || topics.get(last).id() != id) {
                    throw new CorruptionException("queue section does not follow its topic section: topicId=" + id);
                }
                ByteBuffer copy = ByteBuffer.allocate(content.remaining()).put(content.duplicate()).flip();
                topics.set(last, topics.get(last).withQueue(copy));
            }

            @Override
            public void idempotency(ByteBuffer content) throws CorruptionException {
                long id = IdempotencySection.topicId(content);
                int last = topics.size() - 1;
                if (last < 0 || topics.get(last).id() != id) {
                    throw new CorruptionException("idempotency section does not follow its topic section: topicId="
                            + id);
                }
                ByteBuffer copy = ByteBuffer.allocate(content.remaining()).put(content.duplicate()).flip();
                topics.set(last, topics.get(last).withIdempotency(copy));
            }

            @Override
            public void routers(ByteBuffer content) throws CorruptionException {
                if (routers[0] != null) {
                    throw new CorruptionException("snapshot has two router sections");
                }
                routers[0] = ByteBuffer.allocate(content.remaining()).put(content.duplicate()).flip();
            }
        });
        return new CheckpointImage(maxTopicId[0], cut[0], topics, routers[0], position[0]);
    }

    private static TopicImage decodeTopic(TopicSection.Reader t) throws CorruptionException {
        LossList.Reader l = t.losses();
        List<TopicImage.Loss> losses = new ArrayList<>(l.count());
        for (int i = 0; i < l.count(); i++) {
            losses.add(new TopicImage.Loss(l.from(i), l.to(i), l.reason(i), l.missed(i)));
        }
        SegmentList.Reader s = t.segments();
        List<SegmentImage> segments = new ArrayList<>(s.remaining());
        while (s.next()) {
            SegmentMeta m = new SegmentMeta(s.entries(), s.bytes(), s.sealed(), s.undeletedCount(),
                    s.undeletedBytes(), s.taggedCount(), s.firstTs(), s.lastTs(), s.cold(), s.objectId());
            int[] flags = new int[s.flagCount()];
            for (int k = 0; k < flags.length; k++) {
                flags[k] = s.flag(k);
                if (flags[k] < 0 || flags[k] >= m.count()) {
                    throw new CorruptionException("snapshot flags an entry outside its segment: topicId=" + t.id()
                            + " baseSeq=" + s.baseSeq() + " entry=" + flags[k] + " entries=" + m.count());
                }
            }
            segments.add(new SegmentImage(s.baseSeq(), m, m.bytes(), null, new int[0], flags));
        }
        return new TopicImage(t.id(), t.lsn(), t.name(), t.config(), t.head(), t.earliest(), t.capFloor(),
                t.ttlFloor(), t.restartFloor(), t.reservation(), t.lastTs(), t.lastWriteTs(), t.count(), t.bytes(),
                losses, segments, null, null);
    }
}
