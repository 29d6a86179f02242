package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.internal.exchange.Headers;
import dev.dbops.sdk.internal.exchange.Resources;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Harness Database DevOps client: immutable, thread-safe, one per application. Build it with
 * {@link #builder()} or {@link #fromEnv()}, scope calls with {@link #project(String, String)}, and
 * {@link #close()} it when done (or use try-with-resources).
 *
 * <pre>{@code
 * try (HarnessDbOps dbops = HarnessDbOps.fromEnv()) {
 *     Project project = dbops.project("default", "default_project");
 *     DbSchema schema = project.schemas().create("my_db_schema")
 *         .name("My Database Schema").tags("env:prod", "team:backend")
 *         .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
 *         .execute();
 *     DbSchema read = project.schema("my_db_schema").get().execute();
 * }
 * }</pre>
 *
 * <p>Every operation is a {@link Call} (or, for lists, a {@link PagedList}): nothing is sent until
 * it is executed, synchronously or asynchronously.
 */
public final class HarnessDbOps implements AutoCloseable {

    /** The variable the Harness Terraform provider and Go SDK read the account from; {@link #fromEnv()} too. */
    public static final String ENV_ACCOUNT_ID = "HARNESS_ACCOUNT_ID";
    /** The variable holding the API key (a personal access or service account token). */
    public static final String ENV_API_KEY = "HARNESS_PLATFORM_API_KEY";
    /** The variable holding the endpoint. */
    public static final String ENV_ENDPOINT = "HARNESS_ENDPOINT";
    /** The system property that overrides {@value #ENV_ACCOUNT_ID}. */
    public static final String PROP_ACCOUNT_ID = "harness.accountId";
    /** The system property that overrides {@value #ENV_API_KEY}. */
    public static final String PROP_API_KEY = "harness.platformApiKey";
    /** The system property that overrides {@value #ENV_ENDPOINT}. */
    public static final String PROP_ENDPOINT = "harness.endpoint";

    /** The endpoint used unless one is set: Harness SaaS. */
    public static final String DEFAULT_ENDPOINT = "https://app.harness.io";
    /** How long connecting may take, unless set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long each attempt may wait for its response, unless set. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The SDK's version, as written into the User-Agent header. */
    public static final String VERSION = readVersion();

    private static final String CONFIGURATION = "configuration";

    /** Runs a task on the thread that submits it. */
    private static final Executor DIRECT = Runnable::run;

    private final Builder configuration;
    private final Exchange exchange;

    private HarnessDbOps(Builder configuration, Exchange exchange) {
        this.configuration = configuration;
        this.exchange = exchange;
    }

    /**
     * A builder with the defaults: endpoint {@value #DEFAULT_ENDPOINT}, 10 s connect, 30 s per attempt, 2 retries.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from {@value #ENV_API_KEY}, {@value #ENV_ACCOUNT_ID} and {@value #ENV_ENDPOINT}
     * (system properties {@value #PROP_API_KEY}, {@value #PROP_ACCOUNT_ID}, {@value #PROP_ENDPOINT}
     * win over them). Fails at once, naming the variable, when there is no API key.
     *
     * @return a new client; close it when done
     */
    public static HarnessDbOps fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * Calls scoped to one organization and project.
     *
     * @param org the organization's identifier, for example {@code default}; not blank
     * @param project the project's identifier within it, for example {@code default_project}; not blank
     * @return the project's calls; nothing is sent yet
     */
    public Project project(String org, String project) {
        Validation.scope(CONFIGURATION, "org", org);
        Validation.scope(CONFIGURATION, "project", project);
        return new Project(exchange, org, project);
    }

    /**
     * A builder holding this client's settings, for a client that differs in some of them. The
     * client it builds shares this one's HttpClient (its connection pool) and asynchronous
     * executor, unless the builder is given its own HttpClient, connect timeout or executor; the shared
     * ones are closed when the last client using them is closed.
     *
     * @return a new builder; a client built from it must be closed too
     */
    public Builder toBuilder() {
        Builder copy = configuration.copy();
        copy.shared = exchange.resources();
        return copy;
    }

    /**
     * Closes the client: later calls fail at once. Releases what the client made and no other
     * client shares: its HttpClient (on JDK 21 and later, where an HttpClient can be closed; on
     * JDK 17 its threads end once it is unreachable), its executor for asynchronous calls, and
     * its hold on the SDK's body-deadline thread. An HttpClient or executor you supplied is not
     * closed. Calls in flight finish.
     */
    @Override
    public void close() {
        exchange.close();
    }

    /** What this client shares with clients derived from it, for tests. */
    Resources resources() {
        return exchange.resources();
    }

    /**
     * The base URL calls go to.
     *
     * @return the endpoint as it was set, {@value #DEFAULT_ENDPOINT} unless set
     */
    public URI endpoint() {
        return configuration.endpoint;
    }

    /**
     * The account sent as {@code Harness-Account}, or null when none is set.
     *
     * @return the account, or {@code null}
     */
    public String accountId() {
        return configuration.accountId;
    }

    /**
     * The retry policy every call follows.
     *
     * @return the policy, {@link RetryPolicy#DEFAULT} unless set
     */
    public RetryPolicy retryPolicy() {
        return configuration.retryPolicy;
    }

    /**
     * The User-Agent header every call sends.
     *
     * @return for example {@code dbops-java/0.1.0 (Java 17.0.12+7) my-platform/1.4}: the SDK's
     *         {@link #VERSION}, the Java runtime's version, then the suffix if one was set
     */
    public String userAgent() {
        return exchange.settings().userAgent();
    }

    @Override
    public String toString() {
        return "HarnessDbOps{endpoint=" + configuration.endpoint + ", accountId=" + configuration.accountId
                + ", apiKey=[REDACTED], connectTimeout=" + configuration.connectTimeout + ", requestTimeout="
                + configuration.requestTimeout + ", callTimeout=" + configuration.callTimeout + ", retryPolicy="
                + configuration.retryPolicy + (exchange.isClosed() ? ", closed" : "") + "}";
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
     * Configures a {@link HarnessDbOps}. Every setting is checked when set or at {@link #build()}; a
     * problem (a null, a key that cannot be sent, plain http to another host) is a
     * {@link DbOpsValidationException} naming the setting.
     */
    public static final class Builder {

        private Supplier<String> apiKey;
        private String apiKeySource = "apiKey";
        private String accountId;
        private URI endpoint = URI.create(DEFAULT_ENDPOINT);
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration callTimeout;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private String userAgentSuffix;
        private HttpClient httpClient;
        private Executor asyncExecutor;
        private boolean allowInsecureHttp;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<DbOpsInterceptor> interceptors = new ArrayList<>();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        /** Resources of the client this builder was derived from, while its HTTP settings are unchanged. */
        private Resources shared;

        private Builder() {
        }

        /**
         * The personal access or service account token sent as {@code x-api-key}. Required (or a supplier).
         *
         * @param apiKey the token, printable ASCII; surrounding whitespace is stripped
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            String key = notNull("apiKey", apiKey).strip();
            if (key.isEmpty()) {
                throw invalid("apiKey", "is blank", "a Harness personal access or service account token is required");
            }
            if (!Headers.isSafeValue(key)) {
                // The key itself is never quoted.
                throw invalid("apiKey", "contains characters that cannot be sent in a header", "printable ASCII only");
            }
            this.apiKey = () -> key;
            this.apiKeySource = "apiKey";
            return this;
        }

        /**
         * Where the key comes from, asked before every request: a rotated key (a secret manager, a
         * file that is rewritten) is picked up without building a new client. The supplier must be
         * fast and thread-safe; what it returns is never logged.
         *
         * @param apiKey supplies the current token; called on every request, from any thread
         * @return this builder
         */
        public Builder apiKey(Supplier<String> apiKey) {
            this.apiKey = notNull("apiKey", apiKey);
            this.apiKeySource = "apiKey";
            return this;
        }

        /**
         * The account sent as {@code Harness-Account} on every call (optional with an API key).
         *
         * @param accountId the Harness account identifier; a blank one removes an account set earlier
         * @return this builder
         */
        public Builder accountId(String accountId) {
            String account = notNull("accountId", accountId).strip();
            if (!Headers.isSafeValue(account)) {
                throw invalid("accountId", "contains characters that cannot be sent in a header",
                        "printable ASCII without line breaks");
            }
            this.accountId = account.isEmpty() ? null : account;
            return this;
        }

        /**
         * The base URL, default {@value #DEFAULT_ENDPOINT}; {@code https://app.harness.io/gateway}
         * (the Terraform provider's) works too. Plain http only to a loopback host, unless
         * {@link #allowInsecureHttp()}.
         *
         * @param endpoint an http(s) URL with a host and no query or fragment
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            notNull("endpoint", endpoint);
            URI uri;
            try {
                uri = URI.create(endpoint.strip());
            } catch (IllegalArgumentException e) {
                throw invalid("endpoint", "\"" + endpoint + "\" is not a URL (" + e.getMessage() + ")", "an http(s) URL");
            }
            return endpoint(uri);
        }

        /**
         * The base URL as a URI.
         *
         * @param endpoint an http(s) URI with a host and no query or fragment
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            notNull("endpoint", endpoint);
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
                throw invalid("endpoint", "\"" + endpoint + "\" is not an http(s) URL with a host", "an http(s) URL");
            }
            if (endpoint.getQuery() != null || endpoint.getFragment() != null) {
                throw invalid("endpoint", "\"" + endpoint + "\" has a query or fragment", "a base URL without them");
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Allows plain http to a non-loopback host: the API key then crosses the network in clear text.
         *
         * @return this builder
         */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /**
         * How long to wait for a connection (default 10 s). Ignored with your own {@link #httpClient}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            this.shared = null;
            return this;
        }

        /**
         * How long each attempt may wait for its response (default 30 s); a call can set its own
         * ({@link Call#timeout}). Retries each get this long again: see {@link #callTimeout}.
         *
         * @param timeout the per-attempt bound, a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * A deadline for each whole call, retries and waits included (default: none, so a call
         * takes at most its attempts' timeouts plus the backoff). A call can set its own
         * ({@link Call#callTimeout}).
         *
         * @param deadline the bound on each call, counted from when it is executed; a positive duration
         * @return this builder
         */
        public Builder callTimeout(Duration deadline) {
            this.callTimeout = positive("callTimeout", deadline);
            return this;
        }

        /**
         * Retries after the first attempt (default 2); 0 disables retrying.
         *
         * @param maxRetries 0 or more; applied to the policy set so far, which a later {@link #retryPolicy}
         *                   replaces
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            this.retryPolicy = retryPolicy.withMaxRetries(maxRetries);
            return this;
        }

        /**
         * The whole retry policy: count, backoff, the cap on {@code Retry-After}, and which failures retry.
         *
         * @param policy the policy; replaces a {@link #maxRetries} set earlier
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = notNull("retryPolicy", policy);
            return this;
        }

        /**
         * Text appended to the User-Agent, for example {@code "my-platform/1.4"}.
         *
         * @param suffix printable ASCII; a blank one removes a suffix set earlier
         * @return this builder
         */
        public Builder userAgentSuffix(String suffix) {
            String text = notNull("userAgentSuffix", suffix).strip();
            if (!Headers.isSafeValue(text)) {
                throw invalid("userAgentSuffix", "contains characters that cannot be sent in a header",
                        "printable ASCII without line breaks");
            }
            this.userAgentSuffix = text.isEmpty() ? null : text;
            return this;
        }

        /**
         * A header sent on every request (a gateway's routing header, a tenant tag). The SDK's own
         * headers ({@code x-api-key}, {@code Harness-Account}, {@code User-Agent},
         * {@code Content-Type}, {@code Accept}) cannot be replaced; a call may add its own.
         *
         * @param name the header name, an HTTP token other than the SDK's own headers
         * @param value the value, printable ASCII; setting a name again replaces its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            String problem = Headers.problem(name, value);
            if (problem != null) {
                throw invalid("header " + name, problem,
                        "extra headers are HTTP tokens with printable ASCII values, other than the SDK's own");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Adds an interceptor, told of every call and attempt (tracing, metrics); they run in the order added.
         *
         * @param interceptor the interceptor; thread-safe, since the client's calls may run concurrently
         * @return this builder
         */
        public Builder interceptor(DbOpsInterceptor interceptor) {
            interceptors.add(notNull("interceptor", interceptor));
            return this;
        }

        /**
         * Your own HttpClient (proxy, TLS, executor). It must not follow redirects, since the JDK
         * would resend the API key to another host. {@link HarnessDbOps#close()} does not close it.
         *
         * @param client a client built with {@code followRedirects(HttpClient.Redirect.NEVER)}
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            notNull("httpClient", client);
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw invalid("httpClient", "follows redirects (" + client.followRedirects() + ")",
                        "it would send x-api-key to whichever host a redirect names; use Redirect.NEVER");
            }
            this.httpClient = client;
            this.shared = null;
            return this;
        }

        /**
         * Where {@code executeAsync()} runs calls (default: daemon threads the client starts when
         * first needed and stops on {@code close()}). On JDK 21, {@code Executors.newVirtualThreadPerTaskExecutor()}
         * is a good choice. {@link HarnessDbOps#close()} does not shut down an executor you give.
         *
         * @param executor runs each asynchronous call; a task it rejects fails that call's future
         * @return this builder
         */
        public Builder asyncExecutor(Executor executor) {
            this.asyncExecutor = notNull("asyncExecutor", executor);
            this.shared = null;
            return this;
        }

        /**
         * How the client waits between retries (default: {@link Sleeper#SYSTEM}); for tests.
         *
         * @param sleeper the sleeper; it also paces a {@link DeploymentWaiter}'s polls
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = notNull("sleeper", sleeper);
            return this;
        }

        /**
         * The clock deadlines and {@code Retry-After} dates are read from (default: the system's UTC clock); for tests.
         *
         * @param clock the clock; a {@link DeploymentWaiter} measures its wait with it too
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = notNull("clock", clock);
            return this;
        }

        /**
         * Fills the builder from the environment and system properties, as {@link HarnessDbOps#fromEnv()} does.
         *
         * @return this builder
         */
        public Builder fromEnv() {
            return fromEnv(System.getenv(), System.getProperties());
        }

        Builder fromEnv(Map<String, String> env, Properties props) {
            String key = lookup(env, props, ENV_API_KEY, PROP_API_KEY);
            if (key == null) {
                throw invalid(ENV_API_KEY, "is not set", "set the environment variable " + ENV_API_KEY
                        + " (or the system property " + PROP_API_KEY + ") to a personal access or service account token");
            }
            apiKey(key);
            this.apiKeySource = ENV_API_KEY;
            String account = lookup(env, props, ENV_ACCOUNT_ID, PROP_ACCOUNT_ID);
            if (account != null) {
                accountId(account);
            }
            String url = lookup(env, props, ENV_ENDPOINT, PROP_ENDPOINT);
            if (url != null) {
                endpoint(url);
            }
            return this;
        }

        /**
         * The client. Fails, naming the setting, when the API key is missing or the endpoint is unsafe.
         *
         * @return a new client; close it when done
         */
        public HarnessDbOps build() {
            if (apiKey == null) {
                throw invalid(apiKeySource, "is missing", "a Harness personal access or service account token is "
                        + "required (HarnessDbOps.fromEnv() reads it from " + ENV_API_KEY + ")");
            }
            if ("http".equalsIgnoreCase(endpoint.getScheme()) && !allowInsecureHttp && !isLoopback(endpoint.getHost())) {
                throw invalid("endpoint", endpoint + " is plain http to a non-loopback host",
                        "the API key would cross the network unencrypted; use https, or allowInsecureHttp()");
            }
            Resources resources = shared != null && shared.acquire() ? shared
                    : httpClient != null ? new Resources(httpClient, false, asyncExecutor)
                    : new Resources(newHttpClient(), true, asyncExecutor);
            String userAgent = "dbops-java/" + VERSION + " (Java " + Runtime.version() + ")"
                    + (userAgentSuffix == null ? "" : " " + userAgentSuffix);
            Exchange.Settings settings = new Exchange.Settings(endpoint.toString().replaceAll("/+$", ""), apiKey,
                    accountId, userAgent, requestTimeout, callTimeout, retryPolicy, interceptors, headers, sleeper, clock);
            return new HarnessDbOps(copy(), new Exchange(settings, resources));
        }

        private HttpClient newHttpClient() {
            return HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    // Never follow redirects: the JDK would resend x-api-key to wherever Location points.
                    .followRedirects(HttpClient.Redirect.NEVER)
                    // HTTP/2 over TLS (ALPN); on plain http the h2c upgrade dance only costs and confuses proxies.
                    .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2
                            : HttpClient.Version.HTTP_1_1)
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
        }

        /** A copy of every setting (the shared resources are not copied: toBuilder sets them). */
        private Builder copy() {
            Builder copy = new Builder();
            copy.apiKey = apiKey;
            copy.apiKeySource = apiKeySource;
            copy.accountId = accountId;
            copy.endpoint = endpoint;
            copy.connectTimeout = connectTimeout;
            copy.requestTimeout = requestTimeout;
            copy.callTimeout = callTimeout;
            copy.retryPolicy = retryPolicy;
            copy.userAgentSuffix = userAgentSuffix;
            copy.httpClient = httpClient;
            copy.asyncExecutor = asyncExecutor;
            copy.allowInsecureHttp = allowInsecureHttp;
            copy.headers.putAll(headers);
            copy.interceptors.addAll(interceptors);
            copy.sleeper = sleeper;
            copy.clock = clock;
            return copy;
        }

        @Override
        public String toString() {
            return "HarnessDbOps.Builder{endpoint=" + endpoint + ", accountId=" + accountId
                    + ", apiKey=" + (apiKey == null ? "unset" : "[REDACTED]") + "}";
        }

        private static String lookup(Map<String, String> env, Properties props, String variable, String property) {
            String fromProps = props.getProperty(property);
            if (fromProps != null && !fromProps.isBlank()) {
                return fromProps;
            }
            String fromEnv = env.get(variable);
            return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
        }

        private static <V> V notNull(String setting, V value) {
            if (value == null) {
                throw invalid(setting, "is null", "give a value, or leave the setting out for its default");
            }
            return value;
        }

        private static Duration positive(String setting, Duration value) {
            notNull(setting, value);
            if (value.isNegative() || value.isZero()) {
                throw invalid(setting, "is " + value, "must be a positive duration");
            }
            return value;
        }

        private static DbOpsValidationException invalid(String setting, String problem, String rule) {
            return new DbOpsValidationException(CONFIGURATION, setting, problem, rule);
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
