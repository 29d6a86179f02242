package dev.dbops.sdk.internal.exchange;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order of signals when a body is bounded. The HttpClient completes the response from within
 * {@code cancel()} (over HTTP/2 at once, as "stream cancelled"), so the caller's subscriber must
 * hear why the body ended before the connection is cancelled, or a size limit or a timeout would
 * reach the caller as a broken connection (and be retried).
 */
class BoundedBodyTest {

    /** Every signal the caller's subscriber and the connection saw, in order. */
    private final List<String> events = new ArrayList<>();

    private final class Recording implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            events.add("onSubscribe");
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            events.add("onNext");
            bytes.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            events.add("onError " + throwable.getClass().getSimpleName());
            bytes.onError(throwable);
        }

        @Override
        public void onComplete() {
            events.add("onComplete");
            bytes.onComplete();
        }
    }

    private final Flow.Subscription connection = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            events.add("cancel");
        }
    };

    private static List<ByteBuffer> bytes(int size, int fill) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) fill);
        return List.of(ByteBuffer.wrap(content).asReadOnlyBuffer());
    }

    private static Throwable failure(CompletionStage<?> body) {
        CompletableFuture<?> future = body.toCompletableFuture();
        assertThat(future).isDone();
        try {
            future.get();
            throw new AssertionError("the body completed: " + future);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSuccessBodyPastTheLimitFailsAsTooLargeBeforeTheConnectionIsCancelled() {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), true, null);
        body.onSubscribe(connection);
        body.onNext(bytes(BoundedBody.MAX_BODY_BYTES, 'a'));
        body.onNext(bytes(1, 'b'));
        body.onNext(bytes(10, 'c'));
        body.onComplete();

        assertThat(events).containsExactly("onSubscribe", "onNext", "onError TooLarge", "cancel");
        assertThat(failure(body.getBody())).isInstanceOf(BoundedBody.TooLarge.class)
                .hasMessageContaining("larger than 8 MiB");
    }

    @Test
    void aDeclaredLengthPastTheLimitFailsWithoutReadingTheBody() {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), true, "Content-Length 10485760");
        body.onSubscribe(connection);
        body.onNext(bytes(100, 'a'));

        assertThat(events).containsExactly("onSubscribe", "onError TooLarge", "cancel");
        assertThat(failure(body.getBody())).hasMessageContaining("Content-Length 10485760");
    }

    @Test
    void anErrorBodyIsCutAtItsLimitAndEndsBeforeTheConnectionIsCancelled() throws Exception {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), false, null);
        body.onSubscribe(connection);
        body.onNext(bytes(40 << 10, 'a'));
        body.onNext(bytes(40 << 10, 'b'));
        body.onNext(bytes(40 << 10, 'c'));
        body.onError(new java.io.IOException("connection closed"));

        assertThat(events).containsExactly("onSubscribe", "onNext", "onNext", "onComplete", "cancel");
        byte[] kept = body.getBody().toCompletableFuture().get();
        assertThat(kept).hasSize(BoundedBody.MAX_ERROR_BODY_BYTES);
        assertThat(kept[(40 << 10) - 1]).isEqualTo((byte) 'a');
        assertThat(kept[BoundedBody.MAX_ERROR_BODY_BYTES - 1]).isEqualTo((byte) 'b');
    }

    @Test
    void aTimeoutWhileTheBodyIsReadEndsItAsATimeoutThenCancels() {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), true, null);
        body.onSubscribe(connection);
        body.onNext(bytes(100, 'a'));
        body.fail(new HttpTimeoutException("request timed out while reading the response body"));
        body.onNext(bytes(100, 'b'));
        body.onComplete();

        assertThat(events).containsExactly("onSubscribe", "onNext", "onError HttpTimeoutException", "cancel");
        assertThat(failure(body.getBody())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aTimeoutBeforeTheSubscriptionIsDeliveredAfterIt() {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), true, null);
        body.fail(new HttpTimeoutException("request timed out while reading the response body"));
        assertThat(events).isEmpty();

        body.onSubscribe(connection);
        body.onNext(bytes(100, 'a'));

        assertThat(events).containsExactly("onSubscribe", "onError HttpTimeoutException", "cancel");
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get()).hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aBodyWithinTheLimitPassesUntouched() throws Exception {
        var body = new BoundedBody.BoundingSubscriber<>(new Recording(), true, null);
        body.onSubscribe(connection);
        body.onNext(bytes(3, 'x'));
        body.onComplete();

        assertThat(events).containsExactly("onSubscribe", "onNext", "onComplete");
        assertThat(body.getBody().toCompletableFuture().get()).containsExactly('x', 'x', 'x');
    }
}
