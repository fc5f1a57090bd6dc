package dev.seqlog.cold.s3;

import dev.seqlog.core.spi.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The cold tier's {@link ObjectStore} on an S3-compatible service (AWS S3, MinIO, Ceph RGW, S3Proxy, ...),
 * through the AWS SDK for Java v2 over the JDK's {@code HttpURLConnection}, so it adds no HTTP stack or
 * native code. Keys are stored under the settings' prefix; an object's SHA-256 travels as user metadata
 * ({@value #SHA256_METADATA}). Thread-safe: the SDK client is, and this class holds nothing else mutable.
 *
 * <p>{@link #create} first asks whether the key exists, then writes with a conditional PUT
 * ({@code If-None-Match: *}): on servers that honour the condition (AWS S3 and most others) two writers racing
 * on one key can never both succeed; on servers that ignore it (S3Proxy 2.7) the check still refuses an
 * existing key, though not a concurrent writer. Each PUT carries {@code Content-MD5}, so the server rejects
 * bytes damaged in transit. Reads are ranged GETs copied straight into the caller's buffer.
 */
public final class S3ObjectStore implements ObjectStore {

    /** The user-metadata name ({@code x-amz-meta-...}) of the digest given to {@link #create}. */
    public static final String SHA256_METADATA = "seqlog-sha256";
    /** S3's largest page; tests pass a smaller one to exercise paging. */
    static final int MAX_LIST_PAGE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3Client s3;
    private final S3Settings settings;
    private final int listPageSize;
    private final String where;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3ObjectStore(S3Client s3, S3Settings settings, int listPageSize) {
        this.s3 = s3;
        this.settings = settings;
        this.listPageSize = listPageSize;
        this.where = "s3://" + settings.bucket() + "/" + settings.prefix() + " at "
                + (settings.endpoint() == null ? "AWS" : settings.endpoint().toString())
                + " (region " + settings.region() + ")";
    }

    /**
     * Connects and checks that the bucket exists and the credentials are accepted.
     *
     * @param settings where and as whom
     * @return the open store
     * @throws IOException saying which of these went wrong: the bucket does not exist, the credentials were
     *                     refused, or the endpoint cannot be reached
     */
    public static S3ObjectStore open(S3Settings settings) throws IOException {
        return open(settings, MAX_LIST_PAGE);
    }

    static S3ObjectStore open(S3Settings settings, int listPageSize) throws IOException {
        if (listPageSize < 1 || listPageSize > MAX_LIST_PAGE) {
            throw new IllegalArgumentException("list page size must be 1.." + MAX_LIST_PAGE + ": " + listPageSize);
        }
        S3Client client = S3Connection.client(settings);
        S3ObjectStore store = new S3ObjectStore(client, settings, listPageSize);
        try {
            S3Connection.checkBucket(client, settings);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.info("S3 object store open: {}", store.where);
        return store;
    }

    @Override
    public void create(String key, ByteBuffer content, String sha256) throws IOException {
        checkKey(key);
        if (sha256 == null) {
            throw new IllegalArgumentException("sha256 is required");
        }
        ByteBuffer body = content.duplicate(); // the caller's position and limit stay as they are
        long length = body.remaining();
        String md5 = ByteBuffers.md5Base64(body);
        if (head(key) != null) {
            // A server that ignores If-None-Match on PUT (S3Proxy 2.7, for one) would overwrite; on the others
            // this only answers sooner. Between two writers racing on one key only the condition decides.
            throw new ObjectExistsException(key);
        }
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey(key)).ifNoneMatch("*").contentMD5(md5)
                            .contentLength(length).metadata(Map.of(SHA256_METADATA, sha256)),
                    RequestBody.fromContentProvider(() -> ByteBuffers.inputStream(body), length,
                            "application/octet-stream"));
        } catch (SdkException e) {
            int status = S3Errors.status(e);
            if (status == 412 || (status == 409 && "ConditionalRequestConflict".equals(S3Errors.code(e)))) {
                if (isOwnRetriedWrite(key, e, length, sha256)) {
                    return;
                }
                ObjectExistsException exists = new ObjectExistsException(key);
                exists.initCause(e);
                throw exists;
            }
            throw S3Errors.failure("PutObject", key, where, e);
        }
    }

    /**
     * After an attempt whose answer was lost, the SDK's retry finds the key taken by that same attempt: the
     * object then has this length and digest, and the write succeeded. A first attempt refused is always a
     * conflict, even with the same bytes, as the contract says.
     */
    private boolean isOwnRetriedWrite(String key, SdkException e, long length, String sha256) throws IOException {
        Integer attempts = e.numAttempts();
        if (attempts == null || attempts < 2) {
            return false;
        }
        ObjectInfo existing = head(key);
        return existing != null && existing.length() == length && sha256.equals(existing.sha256());
    }

    @Override
    public ObjectInfo head(String key) throws IOException {
        checkKey(key);
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
            return new ObjectInfo(r.contentLength(), r.metadata().get(SHA256_METADATA));
        } catch (SdkException e) {
            if (S3Errors.status(e) == 404) {
                return null;
            }
            throw S3Errors.failure("HeadObject", key, where, e);
        }
    }

    @Override
    public void read(String key, long offset, ByteBuffer dst) throws IOException {
        checkKey(key);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (!dst.hasRemaining()) {
            // an empty range cannot be asked for: check existence and bounds instead
            ObjectInfo info = head(key);
            if (info == null) {
                throw new NoSuchFileException(key, null, "no such object in " + where);
            }
            if (offset > info.length()) {
                throw new EOFException("key '" + key + "': offset " + offset + " is past the end of the object ("
                        + info.length() + " bytes) in " + where);
            }
            return;
        }
        long last = offset + dst.remaining() - 1;
        int start = dst.position();
        try {
            // A transformer rather than getObject's ResponseInputStream: the bytes go straight into dst, and
            // no JVM-wide timeout thread is started for an unread stream. The SDK calls it again on a retry.
            s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey(key)).range("bytes=" + offset + "-" + last),
                    (response, in) -> {
                        dst.position(start);
                        if (sentWholeObject(response, last - offset + 1)) {
                            in.skipNBytes(offset);
                        }
                        ByteBuffers.copy(in, dst);
                        return response;
                    });
        } catch (SdkException e) {
            int status = S3Errors.status(e);
            if (status == 404 && !"NoSuchBucket".equals(S3Errors.code(e))) {
                throw new NoSuchFileException(key, null, "no such object in " + where + " ("
                        + S3Errors.answer(e) + ")");
            }
            if (status == 416) {
                throw new EOFException("key '" + key + "': offset " + offset + " is at or past the end of the object"
                        + " in " + where);
            }
            throw S3Errors.failure("GetObject", key, where, e);
        }
        if (dst.hasRemaining()) {
            throw new EOFException("key '" + key + "': the object ends before byte " + last + " (read " + offset
                    + ".." + last + ", got " + (dst.position() - start) + " bytes) in " + where);
        }
    }

    /**
     * Whether a server ignored the range and sent the whole object: a 200 (not 206) with more bytes than asked
     * for. A 206 is the range even without {@code Content-Range} (S3Proxy's latency option drops that header).
     */
    private static boolean sentWholeObject(GetObjectResponse response, long asked) {
        return response.sdkHttpResponse().statusCode() == 200 && response.contentRange() == null
                && response.contentLength() != null && response.contentLength() > asked;
    }

    @Override
    public void delete(String key) throws IOException {
        checkKey(key);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
        } catch (SdkException e) {
            if (S3Errors.status(e) == 404 && !"NoSuchBucket".equals(S3Errors.code(e))) {
                return; // S3 answers 204 for an absent key; some servers say 404
            }
            throw S3Errors.failure("DeleteObject", key, where, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (prefix == null) {
            throw new IllegalArgumentException("a prefix is required (\"\" for all keys)");
        }
        String root = settings.prefix();
        List<String> keys = new ArrayList<>();
        String token = null;
        try {
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(root + prefix)
                        .maxKeys(listPageSize).continuationToken(continuation));
                for (S3Object o : page.contents()) {
                    if (!o.key().endsWith("/")) { // a "folder" marker (consoles, filesystem backends): never a key
                        keys.add(o.key().substring(root.length()));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw S3Errors.failure("ListObjectsV2 of prefix '" + prefix + "'", null, where, e);
        }
        return keys;
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            s3.close();
        }
    }

    private String objectKey(String key) {
        return settings.prefix() + key;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key is required");
        }
    }
}
