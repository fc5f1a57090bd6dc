package dev.seqlog.core.internal.topic;

import java.util.concurrent.atomic.AtomicLong;

/** Live bytes over all topics against the optional quota. Thread-safe (lock-free). */
final class LiveBytes implements TopicLog.Accounting {
    private final AtomicLong total = new AtomicLong();
    private final long max;

    LiveBytes(long max) {
        this.max = max;
    }

    long get() {
        return total.get();
    }

    @Override
    public boolean reserve(long bytes) {
        if (max <= 0) {
            total.addAndGet(bytes);
            return true;
        }
        while (true) {
            long cur = total.get();
            if (cur + bytes > max) {
                return false;
            }
            if (total.compareAndSet(cur, cur + bytes)) {
                return true;
            }
        }
    }

    @Override
    public void release(long bytes) {
        total.addAndGet(-bytes);
    }

    @Override
    public void admitReplayed(long bytes) {
        total.addAndGet(bytes);
    }
}
