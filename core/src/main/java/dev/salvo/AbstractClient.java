package dev.salvo;

import dev.salvo.internal.BatchRun;
import dev.salvo.internal.Engine;
import dev.salvo.internal.Scope;
import dev.salvo.spi.Failures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The batch and single-request forms, written once for {@link Salvo} and {@link Session}. */
abstract sealed class AbstractClient implements Client permits Salvo, Session {
    private final Engine engine;
    private final Scope scope;

    AbstractClient(Engine engine, Scope scope) {
        this.engine = engine;
        this.scope = scope;
    }

    Engine engine() {
        return engine;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Response> send(Request request) {
        Objects.requireNonNull(request, "request");
        return engine.send(request, scope);
    }

    @Override
    public Response execute(Request request) {
        var future = send(request);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SalvoException(ErrorType.CANCELLED, "interrupted while waiting for " + request, e);
        } catch (ExecutionException | CancellationException e) {
            throw Failures.classify(e, null, Failures.Phase.AWAIT_HEAD);
        }
    }

    @Override
    public List<Response> map(Collection<Request> requests, Batch batch) {
        ErrorHandler handler = batch.onError();
        List<Outcome> outcomes = mapOutcomes(requests, batch);
        List<Response> out = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Success s) {
                out.add(s.response());
            } else {
                Outcome.Failure f = (Outcome.Failure) o;
                out.add(handler == null ? null : handler.handle(f.request(), f.error()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public List<Outcome> mapOutcomes(Collection<Request> requests, Batch batch) {
        List<Request> list = checked(requests);
        Objects.requireNonNull(batch, "batch");
        Outcome[] slots = new Outcome[list.size()];
        try (BatchRun run = new BatchRun(engine, scope, list.iterator(), true, batch)) {
            while (run.hasNext()) {
                Outcome o = run.next();
                slots[(int) o.index()] = o;
            }
        }
        return List.of(slots);
    }

    @Override
    public Stream<Response> imap(Iterable<Request> requests, Batch batch) {
        Objects.requireNonNull(requests, "requests");
        return responses(run(requests.iterator(), requests instanceof Collection<?>, batch), batch);
    }

    @Override
    public Stream<Response> imap(Stream<Request> requests, Batch batch) {
        Objects.requireNonNull(requests, "requests");
        return responses(run(requests.iterator(), false, batch), batch).onClose(requests::close);
    }

    @Override
    public Stream<Outcome> imapEnumerated(Iterable<Request> requests, Batch batch) {
        Objects.requireNonNull(requests, "requests");
        return stream(run(requests.iterator(), requests instanceof Collection<?>, batch));
    }

    @Override
    public Stream<Outcome> imapEnumerated(Stream<Request> requests, Batch batch) {
        Objects.requireNonNull(requests, "requests");
        return stream(run(requests.iterator(), false, batch)).onClose(requests::close);
    }

    private BatchRun run(Iterator<Request> input, boolean finite, Batch batch) {
        Objects.requireNonNull(batch, "batch");
        return new BatchRun(engine, scope, input, finite, batch);
    }

    private static Stream<Outcome> stream(BatchRun run) {
        Spliterator<Outcome> s = Spliterators.spliteratorUnknownSize(run, Spliterator.NONNULL);
        return StreamSupport.stream(s, false).onClose(run::close);
    }

    private static Stream<Response> responses(BatchRun run, Batch batch) {
        ErrorHandler handler = batch.onError();
        return stream(run).map(o -> {
            if (o instanceof Outcome.Success s) {
                return s.response();
            }
            Outcome.Failure f = (Outcome.Failure) o;
            return handler == null ? null : handler.handle(f.request(), f.error());
        }).filter(Objects::nonNull);
    }

    private List<Request> checked(Collection<Request> requests) {
        Objects.requireNonNull(requests, "requests");
        engine.checkOpen();
        List<Request> list = new ArrayList<>(requests);
        for (int i = 0; i < list.size(); i++) {
            Request r = list.get(i);
            if (r == null) {
                throw new IllegalArgumentException("requests[" + i + "]: is null; nothing was sent");
            }
            if (!r.isAbsolute() && scope.baseUrl() == null) {
                throw new IllegalArgumentException("requests[" + i + "]: relative URL '" + r.url()
                        + "' needs a session with a base URL; nothing was sent");
            }
        }
        return list;
    }
}
