package dev.seqlog.bench.redis;

/**
 * One line of the CPU table: what each server process spent on the same records. Immutable.
 *
 * @param label the workload and pairing
 * @param redisSeconds Redis's user + system CPU seconds, summed over the samples
 * @param seqlogSeconds the seqlog server's user + system CPU seconds, summed over the samples
 * @param records records per side, summed over the samples (the same count on both sides)
 */
record CpuRow(String label, double redisSeconds, double seqlogSeconds, long records) {

    double redisMicrosPerRecord() {
        return redisSeconds * 1e6 / records;
    }

    double seqlogMicrosPerRecord() {
        return seqlogSeconds * 1e6 / records;
    }

    /** @return Redis's CPU per record over seqlog's: above 1 when seqlog spends less */
    double ratio() {
        return redisSeconds / seqlogSeconds;
    }
}
