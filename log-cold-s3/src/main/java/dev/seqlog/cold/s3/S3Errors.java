package dev.seqlog.cold.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns the SDK's unchecked exceptions into {@link IOException}s whose message says what was being done, to
 * which key, and what the server answered, so that a log line is enough to tell a missing bucket from a
 * refused credential or a network fault. Stateless.
 */
final class S3Errors {

    private S3Errors() {
    }

    /** The HTTP status the server answered, or 0 if the request got no answer. */
    static int status(SdkException e) {
        return e instanceof SdkServiceException s ? s.statusCode() : 0;
    }

    /** The S3 error code ({@code NoSuchKey}, {@code PreconditionFailed}, ...), or null. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException a) {
            AwsErrorDetails details = a.awsErrorDetails();
            return details == null ? null : details.errorCode();
        }
        return null;
    }

    /**
     * @param operation the S3 operation, such as {@code PutObject}
     * @param key the key as the caller named it
     * @param where the store's {@link S3ObjectStore#describe()}
     * @param e what the SDK threw
     * @return an exception naming the operation, key, store and HTTP status (or the network cause)
     */
    static IOException failure(String operation, String key, String where, SdkException e) {
        String subject = "S3 " + operation + (key == null ? "" : " of key '" + key + "'") + " in " + where;
        IOException io;
        if (e instanceof SdkServiceException) {
            io = new IOException(subject + " failed: " + answer(e));
        } else if (unreachable(e)) {
            io = new IOException(subject + " failed: cannot reach the object store (" + rootCause(e) + ")");
        } else if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            io = new InterruptedIOException(subject + " was interrupted");
        } else {
            io = new IOException(subject + " failed before the server answered: " + rootCause(e));
        }
        io.initCause(e);
        return io;
    }

    /** "HTTP 403 SignatureDoesNotMatch (the message)", with whatever of it the server sent. */
    static String answer(SdkException e) {
        StringBuilder text = new StringBuilder("HTTP ").append(status(e));
        String code = code(e);
        if (code != null) {
            text.append(' ').append(code);
        }
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorMessage() != null) {
            text.append(" (").append(a.awsErrorDetails().errorMessage()).append(')');
        }
        return text.toString();
    }

    /** Whether the request failed for want of a connection: refused, no route, unknown host, or timed out. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause as "Type: message", which says more than the SDK's wrappers around it. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
