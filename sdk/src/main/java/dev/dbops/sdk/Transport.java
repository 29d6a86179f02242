package dev.dbops.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.internal.api.DbInstanceApi;
import dev.dbops.sdk.internal.api.DbSchemaApi;
import dev.dbops.sdk.internal.invoker.ApiClient;
import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one transport of a client: one HttpClient, the generated API objects built once on it, the
 * auth and user-agent headers, retries, error mapping and logging with the key redacted.
 */
final class Transport {

    private static final System.Logger LOG = System.getLogger("dev.dbops.sdk");
    private static final String REDACTED = "[REDACTED]";
    private static final int MAX_MESSAGE_CHARS = 300;
    private static final int MAX_TIMEOUTS = 16;

    /** The generated low-level API objects, bound to one request timeout. */
    record Apis(DbSchemaApi schemas, DbInstanceApi instances) {
    }

    /** One attempt of a call on the generated API. */
    @FunctionalInterface
    interface ApiCall<T> {
        ApiResponse<T> call(Apis apis) throws ApiException;
    }

    private final HttpClient httpClient;
    private final ObjectMapper mapper;
    private final String baseUri;
    private final String apiKey;
    private final String accountId;
    private final String userAgent;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final Apis defaultApis;
    private final Map<Duration, Apis> apisByTimeout = new ConcurrentHashMap<>();

    Transport(HttpClient httpClient, ObjectMapper mapper, String baseUri, String apiKey, String accountId,
              String userAgent, Duration requestTimeout, RetryPolicy retryPolicy) {
        // The generated API reads whole bodies into memory: it sends through a client that bounds them.
        this.httpClient = new BoundedHttpClient(httpClient);
        this.mapper = mapper;
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        this.accountId = accountId;
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.retryPolicy = retryPolicy;
        this.defaultApis = apis(requestTimeout);
    }

    String accountId() {
        return accountId;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Runs a call with the client's retry policy and maps every failure to a typed exception.
     *
     * @param target what the call is about, for logs and messages ("default/proj/my_schema")
     * @param timeout this call's request timeout, or null for the client's
     */
    <T> DbOpsResponse<T> send(Operation op, String target, Duration timeout, ApiCall<T> call) {
        Apis apis = timeout == null || timeout.equals(requestTimeout) ? defaultApis : apisFor(timeout);
        int attempt = 0;
        while (true) {
            attempt++;
            long started = System.nanoTime();
            RuntimeException failure;
            Duration retryAfter = null;
            boolean retryable;
            final int sent = attempt;
            try {
                ApiResponse<T> response = call.call(apis);
                String notTheModel = notTheModel(op, response.getData());
                if (notTheModel != null) {
                    // A success status with a body that is not the promised model: the server acted
                    // (or says so), so it is malformed and not retried.
                    MalformedResponseException malformed = new MalformedResponseException(op.id, attempt, op.id + " "
                            + target + " failed: HTTP " + response.getStatusCode() + " " + notTheModel, null);
                    LOG.log(Level.DEBUG, () -> String.format("%s %s failed in %d ms (attempt %d): %s", op.id, target,
                            elapsedMillis(started), sent, malformed.getMessage()));
                    throw malformed;
                }
                // Checked first: the message supplier's capture alone allocates on every call.
                if (LOG.isLoggable(Level.DEBUG)) {
                    LOG.log(Level.DEBUG, () -> String.format("%s %s -> %d in %d ms (attempt %d)", op.id, target,
                            response.getStatusCode(), elapsedMillis(started), sent));
                }
                return new DbOpsResponse<>(response.getStatusCode(), response.getHeaders(), response.getData(), attempt);
            } catch (ApiException e) {
                if (e.getCode() == 0) {
                    Throwable cause = e.getCause();
                    failure = transportFailure(op, target, attempt, cause);
                    retryable = !(failure instanceof MalformedResponseException) && !interrupted(cause)
                            && (!op.create || cannotHaveReachedServer(cause));
                } else {
                    retryAfter = retryAfter(e.getResponseHeaders() == null ? null : e.getResponseHeaders().map());
                    failure = apiFailure(op, attempt, e, retryAfter);
                    retryable = op.retriesStatus(e.getCode());
                }
            }
            LOG.log(Level.DEBUG, () -> String.format("%s %s failed in %d ms (attempt %d): %s", op.id, target,
                    elapsedMillis(started), sent, failure.getMessage()));
            if (!retryable || attempt > retryPolicy.maxRetries()) {
                throw failure;
            }
            Duration delay = retryPolicy.delayBefore(attempt, retryAfter);
            LOG.log(Level.INFO, () -> String.format("%s %s: %s; retry %d of %d in %d ms", op.id, target,
                    failure.getMessage(), sent, retryPolicy.maxRetries(), delay.toMillis()));
            sleep(op, attempt, delay);
        }
    }

    /**
     * The API objects for a per-call timeout, made once per distinct timeout (a list with its own
     * timeout used to make them again for every page); at most {@value #MAX_TIMEOUTS} are kept.
     */
    private Apis apisFor(Duration timeout) {
        Apis apis = apisByTimeout.get(timeout);
        if (apis == null) {
            apis = apis(timeout);
            if (apisByTimeout.size() < MAX_TIMEOUTS) {
                apisByTimeout.putIfAbsent(timeout, apis);
            }
        }
        return apis;
    }

    private Apis apis(Duration timeout) {
        // The generated ApiClient asks its builder for a new HttpClient every time an API object is
        // made; this builder hands out the one shared client instead (see SharedHttpClientBuilder).
        ApiClient client = new ApiClient(new SharedHttpClientBuilder(httpClient), mapper, baseUri);
        client.setReadTimeout(timeout);
        client.setRequestInterceptor(request -> {
            request.setHeader("x-api-key", apiKey);
            request.setHeader("User-Agent", userAgent);
        });
        return new Apis(new DbSchemaApi(client), new DbInstanceApi(client));
    }

    private DbOpsException transportFailure(Operation op, String target, int attempt, Throwable cause) {
        String detail = cause == null ? "no response" : redact(String.valueOf(cause.getMessage()));
        Throwable chained = withoutKey(cause);
        if (cause instanceof JsonProcessingException json) {
            // Jackson quotes the value it could not read: that value may be anything the server sent.
            return new MalformedResponseException(op.id, attempt, op.id + " " + target
                    + " failed: the response body is not the expected JSON (" + redact(json.getOriginalMessage())
                    + ")", chained);
        }
        BoundedHttpClient.TooLarge tooLarge = tooLarge(cause);
        if (tooLarge != null) {
            return new MalformedResponseException(op.id, attempt, op.id + " " + target + " failed: "
                    + tooLarge.getMessage(), chained);
        }
        if (interrupted(cause)) {
            return new DbOpsConnectionException(op.id, attempt, op.id + " " + target + " was interrupted", chained);
        }
        String attempts = " (" + attempt + (attempt == 1 ? " attempt)" : " attempts)");
        if (cause instanceof HttpTimeoutException) {
            String what = cause instanceof HttpConnectTimeoutException ? "connecting" : "waiting for the response";
            return new DbOpsTimeoutException(op.id, attempt, op.id + " " + target + " timed out " + what
                    + attempts, chained);
        }
        return new DbOpsConnectionException(op.id, attempt, op.id + " " + target + " failed: "
                + cause.getClass().getSimpleName() + ": " + detail + attempts, chained);
    }

    private DbOpsApiException apiFailure(Operation op, int attempt, ApiException e, Duration retryAfter) {
        Map<String, List<String>> headers = DbOpsResponse.caseInsensitive(
                e.getResponseHeaders() == null ? Map.of() : e.getResponseHeaders().map());
        String body = e.getResponseBody() == null ? "" : redact(e.getResponseBody());
        DbOpsApiException.Failure failure = new DbOpsApiException.Failure(op.id, attempt, e.getCode(),
                serverMessage(body), body, headers, DbOpsResponse.requestId(headers).orElse(null));
        return switch (e.getCode()) {
            case 400 -> new BadRequestException(failure);
            case 401 -> new UnauthorizedException(failure);
            case 403 -> new ForbiddenException(failure);
            case 404 -> new NotFoundException(failure);
            case 409 -> new ConflictException(failure);
            case 429 -> new RateLimitedException(failure, retryAfter);
            default -> e.getCode() >= 500 ? new ServerErrorException(failure) : new DbOpsApiException(failure);
        };
    }

    /**
     * The cause to chain. Jackson quotes the offending input in its messages ("from String value
     * ('...')", "Unrecognized token '...'") and the JDK quotes the bytes it could not read as a status
     * line: a body that echoes the API key put the key into the cause, and so into every logged stack
     * trace. Such a cause is replaced by a plain IOException with the key redacted and the same stack.
     */
    private Throwable withoutKey(Throwable cause) {
        if (cause == null || apiKey == null || apiKey.isEmpty()) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(apiKey)) {
                IOException safe = new IOException(cause.getClass().getName() + ": " + redact(cause.getMessage()));
                safe.setStackTrace(cause.getStackTrace());
                return safe;
            }
        }
        return cause;
    }

    /**
     * Why a success body is not what the operation returns, or null when it is. Jackson reads an
     * empty body, {@code null}, or an error object such as {@code {"message":"Token expired"}} as null
     * or as a model whose every field is null, and get() returned exactly that; a list with a null
     * item made Page's List.copyOf throw NullPointerException. Deletes have no body; a list needs
     * its JSON array, even an empty one.
     */
    static String notTheModel(Operation op, Object body) {
        if (!op.returnsBody()) {
            return null;
        }
        String noun = op.id.contains("Schema") ? "schema" : "instance";
        boolean list = op == Operation.LIST_SCHEMAS || op == Operation.LIST_INSTANCES;
        if (body == null) {
            // The generated client turns an empty body into null.
            return "without the JSON body the operation returns (" + (list ? "a page of " + noun + "s" : "a " + noun) + ")";
        }
        if (body instanceof List<?> items) {
            for (Object item : items) {
                if (item == null) {
                    return "but the list holds a null item";
                }
                if (identifier(item) == null) {
                    return "but a list item has no identifier: the body is not a page of " + noun + "s";
                }
            }
            return null;
        }
        if (identifier(body) == null) {
            return "but the body has no identifier: it is not a " + noun + " (an error object?)";
        }
        return null;
    }

    private static String identifier(Object model) {
        return model instanceof DbSchema schema ? schema.getIdentifier()
                : model instanceof DbInstance instance ? instance.getIdentifier() : "";
    }

    /** The {@code message} of a JSON error body; otherwise the start of the body as text. */
    private String serverMessage(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json != null && json.path("message").isTextual()) {
                return json.path("message").asText();
            }
        } catch (IOException notJson) {
            // fall through: a proxy's HTML page or plain text
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "…" : text;
    }

    /** The body-size failure, which the HttpClient's send() hands on wrapped in a plain IOException. */
    private static BoundedHttpClient.TooLarge tooLarge(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BoundedHttpClient.TooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    /** Connection refused or not established in time: the request never reached the server. */
    private static boolean cannotHaveReachedServer(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    private static boolean interrupted(Throwable cause) {
        return cause instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        String value = DbOpsResponse.caseInsensitive(headers).getOrDefault("retry-after", List.of())
                .stream().findFirst().map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static void sleep(Operation op, int attempt, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbOpsConnectionException(op.id, attempt, op.id + " was interrupted while waiting to retry", e);
        }
    }

    /** Removes the API key from any text that could reach a message or a log. */
    String redact(String text) {
        return apiKey == null || apiKey.isEmpty() || text == null ? text : text.replace(apiKey, REDACTED);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
