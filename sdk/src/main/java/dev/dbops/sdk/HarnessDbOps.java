package dev.dbops.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.internal.invoker.ApiClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Harness Database DevOps client: immutable, thread-safe, one per application. Build it with
 * {@link #builder()} or {@link #fromEnv()}, then scope calls with {@link #project(String, String)}.
 *
 * <pre>{@code
 * HarnessDbOps dbops = HarnessDbOps.fromEnv();
 * DbSchema schema = dbops.project("default", "default_project").schemas().create("my_db_schema")
 *     .name("My Database Schema").tags("env:prod", "team:backend")
 *     .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
 *     .execute();
 * }</pre>
 */
public final class HarnessDbOps {

    /** The variables the Harness Terraform provider and Go SDK read; {@link #fromEnv()} reads them too. */
    public static final String ENV_ACCOUNT_ID = "HARNESS_ACCOUNT_ID";
    public static final String ENV_API_KEY = "HARNESS_PLATFORM_API_KEY";
    public static final String ENV_ENDPOINT = "HARNESS_ENDPOINT";
    /** Java system properties that override the variables above. */
    public static final String PROP_ACCOUNT_ID = "harness.accountId";
    public static final String PROP_API_KEY = "harness.platformApiKey";
    public static final String PROP_ENDPOINT = "harness.endpoint";

    public static final String DEFAULT_ENDPOINT = "https://app.harness.io";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Runs a task on the thread that submits it. */
    private static final Executor DIRECT = Runnable::run;

    /** The SDK's version, as written into the User-Agent header. */
    public static final String VERSION = readVersion();

    private final Transport transport;
    private final URI endpoint;
    private final String accountId;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final String userAgent;

    private HarnessDbOps(Builder b) {
        this.endpoint = b.endpoint;
        this.accountId = b.accountId;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.retryPolicy = b.retryPolicy;
        this.userAgent = "dbops-java/" + VERSION + " (Java " + Runtime.version() + ")"
                + (b.userAgentSuffix == null ? "" : " " + b.userAgentSuffix);
        HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // Never follow redirects: the JDK would resend x-api-key to wherever Location points.
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 over TLS (ALPN); on plain http the h2c upgrade dance only costs and confuses proxies.
                .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                // The default executor is a thread pool to which the selector thread hands every
                // step of a response; each hand-off wakes a pool thread, and on a busy machine that
                // wake-up costs more than the whole exchange (the benchmarks' roundTrip_jdk against
                // roundTrip_jdkDirectExecutor). This client is private and only ever does
                // synchronous sends with in-memory body handlers: the steps are the JDK's own
                // non-blocking code, so they run where they are completed (TLS handshake steps
                // included). Our code (JSON parsing, retries) runs on the caller's thread after
                // send() returns. A client given to httpClient(...) keeps its own executor.
                .executor(DIRECT)
                .build();
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
        String base = endpoint.toString().replaceAll("/+$", "");
        this.transport = new Transport(http, mapper, base, b.apiKey, accountId, userAgent, requestTimeout, retryPolicy);
    }

    /** A builder with the defaults: endpoint {@value #DEFAULT_ENDPOINT}, 10 s connect, 30 s request, 2 retries. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from {@value #ENV_API_KEY}, {@value #ENV_ACCOUNT_ID} and {@value #ENV_ENDPOINT}
     * (system properties {@value #PROP_API_KEY}, {@value #PROP_ACCOUNT_ID}, {@value #PROP_ENDPOINT}
     * win over them). Fails at once, naming the variable, when there is no API key.
     */
    public static HarnessDbOps fromEnv() {
        return builder().fromEnv().build();
    }

    /** Calls scoped to one organization and project. */
    public Project project(String org, String project) {
        Validation.scope("project", "org", org);
        Validation.scope("project", "project", project);
        return new Project(transport, org, project);
    }

    /** The base URL calls go to. */
    public URI endpoint() {
        return endpoint;
    }

    /** The account sent as {@code Harness-Account}, or null when none is set. */
    public String accountId() {
        return accountId;
    }

    /** The retry policy every call follows. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The User-Agent header every call sends. */
    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "HarnessDbOps{endpoint=" + endpoint + ", accountId=" + accountId + ", apiKey=[REDACTED]"
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", retryPolicy=" + retryPolicy + "}";
    }

    private static String readVersion() {
        try (InputStream in = HarnessDbOps.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /**
     * Configures a {@link HarnessDbOps}. Every setting is checked when set or at {@link #build()},
     * with a message naming the setting.
     */
    public static final class Builder {
        private static final Pattern HEADER_SAFE = Pattern.compile("[\\x20-\\x7E]*");

        private String apiKey;
        private String accountId;
        private URI endpoint = URI.create(DEFAULT_ENDPOINT);
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private String userAgentSuffix;
        private HttpClient httpClient;
        private boolean allowInsecureHttp;
        private String apiKeySource = "apiKey";

        private Builder() {
        }

        /** The personal access or service account token sent as {@code x-api-key}. Required. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            this.apiKeySource = "apiKey";
            return this;
        }

        /** The account sent as {@code Harness-Account} on every call (optional with an API key). */
        public Builder accountId(String accountId) {
            if (accountId != null && !HEADER_SAFE.matcher(accountId).matches()) {
                // Else every call would fail with the JDK's IllegalArgumentException, not a DbOpsException.
                throw new IllegalArgumentException("accountId must be printable ASCII without line breaks");
            }
            this.accountId = accountId == null || accountId.isBlank() ? null : accountId.strip();
            return this;
        }

        /**
         * The base URL, default {@value #DEFAULT_ENDPOINT}; {@code https://app.harness.io/gateway}
         * (the Terraform provider's) works too. Plain http only to a loopback host, unless
         * {@link #allowInsecureHttp()}.
         */
        public Builder endpoint(String endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            try {
                return endpoint(URI.create(endpoint.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint \"" + endpoint + "\" is not a URL: " + e.getMessage(), e);
            }
        }

        /** The base URL as a URI. */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint \"" + endpoint + "\" must be an http(s) URL with a host");
            }
            if (endpoint.getQuery() != null || endpoint.getFragment() != null) {
                throw new IllegalArgumentException("endpoint \"" + endpoint + "\" must not have a query or fragment");
            }
            this.endpoint = endpoint;
            return this;
        }

        /** Allows plain http to a non-loopback host: the API key then crosses the network in clear text. */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /** How long to wait for a connection (default 10 s). Ignored with a custom {@link #httpClient}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long to wait for each response (default 30 s); a call can set its own. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Retries after the first attempt (default 2); 0 disables retrying. */
        public Builder maxRetries(int maxRetries) {
            this.retryPolicy = retryPolicy.withMaxRetries(maxRetries);
            return this;
        }

        /** The whole retry policy: count, backoff and the cap on {@code Retry-After}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** Text appended to the User-Agent, for example {@code "my-platform/1.4"}. */
        public Builder userAgentSuffix(String suffix) {
            if (suffix != null && !HEADER_SAFE.matcher(suffix).matches()) {
                throw new IllegalArgumentException("userAgentSuffix must be printable ASCII without line breaks");
            }
            this.userAgentSuffix = suffix == null || suffix.isBlank() ? null : suffix.strip();
            return this;
        }

        /**
         * Your own HttpClient (proxy, TLS, executor). It must not follow redirects, since the JDK
         * would resend the API key to another host.
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "httpClient");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("httpClient follows redirects (" + client.followRedirects()
                        + "): it would send x-api-key to whichever host a redirect names; use Redirect.NEVER");
            }
            this.httpClient = client;
            return this;
        }

        /** Fills the builder from the environment and system properties, as {@link HarnessDbOps#fromEnv()} does. */
        public Builder fromEnv() {
            return fromEnv(System.getenv(), System.getProperties());
        }

        Builder fromEnv(Map<String, String> env, Properties props) {
            Function<String[], String> lookup = names -> {
                String fromProps = props.getProperty(names[1]);
                if (fromProps != null && !fromProps.isBlank()) {
                    return fromProps;
                }
                String fromEnv = env.get(names[0]);
                return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
            };
            String key = lookup.apply(new String[] {ENV_API_KEY, PROP_API_KEY});
            if (key == null) {
                throw new IllegalStateException("No Harness API key: set the environment variable " + ENV_API_KEY
                        + " (or the system property " + PROP_API_KEY + ") to a personal access or service account token");
            }
            this.apiKey = key.strip();
            this.apiKeySource = ENV_API_KEY;
            String account = lookup.apply(new String[] {ENV_ACCOUNT_ID, PROP_ACCOUNT_ID});
            if (account != null) {
                accountId(account);
            }
            String url = lookup.apply(new String[] {ENV_ENDPOINT, PROP_ENDPOINT});
            if (url != null) {
                endpoint(url);
            }
            return this;
        }

        /** The client. Fails, naming the setting, when the API key is missing or the endpoint is unsafe. */
        public HarnessDbOps build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalStateException(apiKeySource + " is required: a Harness personal access or "
                        + "service account token (HarnessDbOps.fromEnv() reads it from " + ENV_API_KEY + ")");
            }
            if (!HEADER_SAFE.matcher(apiKey).matches()) {
                throw new IllegalArgumentException(apiKeySource + " contains characters that cannot be sent in a header");
            }
            if ("http".equalsIgnoreCase(endpoint.getScheme()) && !allowInsecureHttp && !isLoopback(endpoint.getHost())) {
                throw new IllegalArgumentException("endpoint " + endpoint + " is plain http to a non-loopback host:"
                        + " the API key would cross the network unencrypted; use https, or allowInsecureHttp()");
            }
            return new HarnessDbOps(this);
        }

        @Override
        public String toString() {
            return "HarnessDbOps.Builder{endpoint=" + endpoint + ", accountId=" + accountId
                    + ", apiKey=" + (apiKey == null ? "unset" : "[REDACTED]") + "}";
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        /** Loopback by name or literal address; other names are not resolved (no DNS look-up here). */
        static boolean isLoopback(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            if (h.equals("localhost") || h.endsWith(".localhost")) {
                return true;
            }
            String literal = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
                return false;
            }
            try {
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
