package dev.seqlog.cold.s3;

import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK client from {@link S3Settings} and makes the check {@link S3ObjectStore#open} runs before
 * the store is used: a {@code HeadBucket}, whose failure is reported as one of the few things an operator can
 * fix (bucket name, credentials, endpoint or region) rather than in the SDK's wording, so a misconfigured
 * server stops at start-up with a plain reason instead of failing its first checkpoint. Stateless.
 */
final class S3Connection {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private S3Connection() {
    }

    /**
     * The client: the JDK's HttpURLConnection, and the SDK's flexible checksums only where an operation
     * requires them (its defaults add trailing CRCs that S3-compatible servers other than AWS often reject).
     * Retries are the SDK's defaults.
     *
     * @param settings where and as whom
     * @return a new client, to be closed by the caller
     */
    static S3Client client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.accessKeyId() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        // else the SDK's default chain, which the client then owns and closes with itself
        return builder.build();
    }

    /**
     * @param s3 the client
     * @param settings its settings
     * @throws IOException saying what is wrong: no such bucket, refused credentials, unreachable endpoint,
     *                     wrong region, or another answer
     */
    static void checkBucket(S3Client s3, S3Settings settings) throws IOException {
        String bucket = settings.bucket();
        String endpoint = settings.endpoint() == null ? "AWS (region " + settings.region() + ")"
                : settings.endpoint().toString();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            int status = S3Errors.status(e);
            String message;
            if (status == 404) {
                message = "bucket '" + bucket + "' does not exist at " + endpoint + " (" + S3Errors.answer(e) + ")";
            } else if (status == 401 || status == 403) {
                message = "the object store refused the credentials "
                        + (settings.accessKeyId() == null ? "of the default credentials chain"
                        : "(access key id '" + settings.accessKeyId() + "')")
                        + " for bucket '" + bucket + "' at " + endpoint + ": wrong key or secret, or no access to the"
                        + " bucket (" + S3Errors.answer(e) + ")";
            } else if (status == 301 || status == 400 && "AuthorizationHeaderMalformed".equals(S3Errors.code(e))) {
                message = "bucket '" + bucket + "' at " + endpoint + " is not in region '" + settings.region()
                        + "' (" + S3Errors.answer(e) + ")";
            } else if (status != 0) {
                message = "the object store at " + endpoint + " answered HeadBucket for bucket '" + bucket + "' with "
                        + S3Errors.answer(e);
            } else if (S3Errors.unreachable(e)) {
                message = "cannot reach the object store at " + endpoint + ": " + S3Errors.rootCause(e);
            } else {
                message = "could not ask the object store at " + endpoint + " for bucket '" + bucket + "' (no"
                        + " credentials, or a bad setting?): " + S3Errors.rootCause(e);
            }
            throw new IOException(message, e);
        }
    }
}
