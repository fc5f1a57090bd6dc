package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link StorageFile} over a {@link FileChannel}; thread-safe as the channel is (positional I/O only). */
final class JdkStorageFile implements StorageFile {

    private final FileChannel channel;

    JdkStorageFile(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        long at = position;
        // A positional write may transfer fewer bytes than asked; the contract is all of them.
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    @Override
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public ByteBuffer map(long position, int size) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, position, size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
