package dev.seqlog.cold.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an {@link S3ObjectStore} keeps its objects and how it signs in, validated once here so that a typo
 * stops start-up with a message naming the setting instead of surfacing later as an HTTP error. Immutable
 * and thread-safe.
 *
 * @param endpoint the store's base URI ({@code http} or {@code https}), or null for AWS's endpoint of the region
 * @param bucket the bucket, which must exist (3–63 characters: lowercase letters, digits, dots and hyphens)
 * @param prefix prepended to every key: {@code ""} or a path ending in {@code /} without a leading one
 *               (normalised to that form)
 * @param region the signing region; null means {@value #DEFAULT_REGION}
 * @param accessKeyId the access key id, or null (with a null secret) for the SDK's default credentials chain
 *                    (environment, profile, container or instance role)
 * @param secretAccessKey the secret, given exactly when the access key id is
 * @param pathStyle whether the bucket goes in the path ({@code http://host/bucket/key}) rather than the host
 *                  name; most servers other than AWS need it
 */
public record S3Settings(URI endpoint, String bucket, String prefix, String region, String accessKeyId,
                         String secretAccessKey, boolean pathStyle) {

    /** The region when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Environment variable: the endpoint URI. */
    public static final String ENV_ENDPOINT = "SEQLOG_S3_ENDPOINT";
    /** Environment variable: the bucket; the object store is configured exactly when it is set. */
    public static final String ENV_BUCKET = "SEQLOG_S3_BUCKET";
    /** Environment variable: the key prefix. */
    public static final String ENV_PREFIX = "SEQLOG_S3_PREFIX";
    /** Environment variable: the region. */
    public static final String ENV_REGION = "SEQLOG_S3_REGION";
    /** Environment variable: the access key id. */
    public static final String ENV_ACCESS_KEY_ID = "SEQLOG_S3_ACCESS_KEY_ID";
    /** Environment variable: the secret access key. */
    public static final String ENV_SECRET_ACCESS_KEY = "SEQLOG_S3_SECRET_ACCESS_KEY";
    /** Environment variable: {@code true} or {@code false}; defaults to true with an endpoint, else false. */
    public static final String ENV_PATH_STYLE = "SEQLOG_S3_PATH_STYLE";

    private static final String ENV_PREFIX_ALL = "SEQLOG_S3_";
    // S3's rules for new buckets: 3-63 characters of lowercase letters, digits, dots and hyphens, starting
    // and ending with a letter or digit, no two adjacent dots, and not shaped like an IPv4 address.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Validates and normalises; see the parameters. */
    public S3Settings {
        if (endpoint != null) {
            checkEndpoint(endpoint, "endpoint");
        }
        checkBucket(bucket, "bucket");
        prefix = normalisePrefix(prefix);
        region = region == null ? DEFAULT_REGION : checkRegion(region, "region");
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both the access key id and the secret access key, or neither "
                    + "(for the default credentials chain)");
        }
        if (accessKeyId != null && (accessKeyId.isBlank() || secretAccessKey.isBlank())) {
            throw new IllegalArgumentException("the access key id and the secret access key must not be blank");
        }
    }

    /**
     * Settings for a bucket at an endpoint with path-style addressing, no prefix, the default region and the
     * default credentials chain; refine them with the {@code with} methods.
     *
     * @param endpoint the endpoint, or null for AWS
     * @param bucket the bucket
     * @return the settings
     */
    public static S3Settings of(URI endpoint, String bucket) {
        return new S3Settings(endpoint, bucket, "", null, null, null, endpoint != null);
    }

    /**
     * @param newPrefix the key prefix
     * @return a copy with it
     */
    public S3Settings withPrefix(String newPrefix) {
        return new S3Settings(endpoint, bucket, newPrefix, region, accessKeyId, secretAccessKey, pathStyle);
    }

    /**
     * @param newRegion the region
     * @return a copy with it
     */
    public S3Settings withRegion(String newRegion) {
        return new S3Settings(endpoint, bucket, prefix, newRegion, accessKeyId, secretAccessKey, pathStyle);
    }

    /**
     * @param id the access key id
     * @param secret the secret
     * @return a copy with these static credentials
     */
    public S3Settings withCredentials(String id, String secret) {
        return new S3Settings(endpoint, bucket, prefix, region, id, secret, pathStyle);
    }

    /**
     * @param newPathStyle whether to use path-style addressing
     * @return a copy with it
     */
    public S3Settings withPathStyle(boolean newPathStyle) {
        return new S3Settings(endpoint, bucket, prefix, region, accessKeyId, secretAccessKey, newPathStyle);
    }

    /**
     * Reads the {@code SEQLOG_S3_*} variables.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return the settings, or null if no {@code SEQLOG_S3_} variable is set
     * @throws IllegalArgumentException naming the variable, if a value is invalid or the bucket is missing
     */
    public static S3Settings fromEnv(Map<String, String> env) {
        String bucket = value(env, ENV_BUCKET);
        if (bucket == null) {
            String other = env.keySet().stream().filter(k -> k.startsWith(ENV_PREFIX_ALL) && value(env, k) != null)
                    .sorted().findFirst().orElse(null);
            if (other == null) {
                return null;
            }
            throw new IllegalArgumentException(other + " is set but " + ENV_BUCKET
                    + " is not: set the bucket to use the S3 object store, or unset the other SEQLOG_S3_ variables");
        }
        checkBucket(bucket, ENV_BUCKET);
        URI endpoint = null;
        String endpointText = value(env, ENV_ENDPOINT);
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(ENV_ENDPOINT + " is not a valid URI: '" + endpointText + "' ("
                        + e.getReason() + ")", e);
            }
            checkEndpoint(endpoint, ENV_ENDPOINT);
        }
        String region = value(env, ENV_REGION);
        if (region != null) {
            checkRegion(region, ENV_REGION);
        }
        String id = value(env, ENV_ACCESS_KEY_ID);
        String secret = value(env, ENV_SECRET_ACCESS_KEY);
        if ((id == null) != (secret == null)) {
            throw new IllegalArgumentException((id == null ? ENV_SECRET_ACCESS_KEY : ENV_ACCESS_KEY_ID)
                    + " is set but " + (id == null ? ENV_ACCESS_KEY_ID : ENV_SECRET_ACCESS_KEY) + " is not: set both,"
                    + " or neither to use the default credentials chain");
        }
        boolean pathStyle = endpoint != null;
        String pathStyleText = value(env, ENV_PATH_STYLE);
        if (pathStyleText != null) {
            switch (pathStyleText.toLowerCase(Locale.ROOT)) {
                case "true" -> pathStyle = true;
                case "false" -> pathStyle = false;
                default -> throw new IllegalArgumentException(ENV_PATH_STYLE + " must be true or false, got '"
                        + pathStyleText + "'");
            }
        }
        return new S3Settings(endpoint, bucket, value(env, ENV_PREFIX), region, id, secret, pathStyle);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint == null ? "(AWS)" : endpoint) + ", bucket=" + bucket
                + ", prefix=" + prefix + ", region=" + region + ", accessKeyId="
                + (accessKeyId == null ? "(default chain)" : accessKeyId)
                + ", secretAccessKey=" + (secretAccessKey == null ? "(none)" : "****") + ", pathStyle=" + pathStyle + "]";
    }

    /** A set, non-blank value, trimmed; null otherwise. */
    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void checkEndpoint(URI endpoint, String what) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(what + " must be an http:// or https:// URI, got '" + endpoint + "'");
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException(what + " has no host name: '" + endpoint + "'");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must have no user info, query or fragment: '" + endpoint + "'");
        }
    }

    private static void checkBucket(String bucket, String what) {
        if (bucket == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IPV4.matcher(bucket).matches()) {
            throw new IllegalArgumentException(what + " '" + bucket + "' is not a valid S3 bucket name: 3 to 63"
                    + " lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit,"
                    + " without '..', and not an IP address");
        }
    }

    private static String checkRegion(String region, String what) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(what + " '" + region + "' is not a region name such as us-east-1");
        }
        return region;
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        int start = 0;
        while (start < prefix.length() && prefix.charAt(start) == '/') {
            start++;
        }
        String p = prefix.substring(start);
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
