package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.internal.Places.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The place scheduler of a batch on its own, one step at a time: how many hold a place at once,
 * per host, and who gets a freed place (a host's waiting requests in order, a retry whose backoff
 * is over ahead of new input but behind its host's earlier waiters).
 */
class PlacesTest {
    /** A request as the places see it, named for the assertions. */
    private static final class Req extends Places.Ticket {
        final String name;

        Req(String name, String host) {
            super(host);
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Req req(String name, String host) {
        return new Req(name, host);
    }

    /** Picks until none can have a place; returns them in order. */
    private static List<Req> pickAll(Places<Req> places) {
        List<Req> picked = new ArrayList<>();
        for (Req r; (r = places.pick()) != null; ) {
            picked.add(r);
        }
        return picked;
    }

    @Test
    void atMostSizeRequestsHoldAPlaceAndTheRestWaitInInputOrder() {
        Places<Req> places = new Places<>(2, 2);
        Req a = req("a", "h1");
        Req b = req("b", "h2");
        Req c = req("c", "h3");
        places.addAll(List.of(a, b, c));

        assertThat(pickAll(places)).containsExactly(a, b);
        assertThat(places.active()).isEqualTo(2);
        assertThat(places.pending()).isEqualTo(1);
        assertThat(a.state).isEqualTo(State.HOLDING);
        assertThat(c.state).isEqualTo(State.WAITING);

        places.release(a, State.ENDED);
        assertThat(a.state).isEqualTo(State.ENDED);
        assertThat(places.active()).isEqualTo(1);
        assertThat(pickAll(places)).containsExactly(c);
    }

    @Test
    void aBusyHostsRequestsWaitWhileOtherHostsGoAhead() {
        Places<Req> places = new Places<>(4, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req a3 = req("a3", "a");
        Req b1 = req("b1", "b");
        places.addAll(List.of(a1, a2, a3, b1));

        assertThat(pickAll(places)).containsExactly(a1, b1);
        assertThat(places.pending()).as("a2 and a3 left the input for their host's queue").isZero();

        places.release(a1, State.ENDED);
        assertThat(pickAll(places)).as("the host's queue, in order").containsExactly(a2);
        places.release(b1, State.ENDED);
        assertThat(pickAll(places)).as("b's place does not go to host a, which is full").isEmpty();
        places.release(a2, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a3);
    }

    @Test
    void aHostThatHasRoomAgainIsServedBeforeNewInput() {
        Places<Req> places = new Places<>(2, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req b1 = req("b1", "b");
        places.addAll(List.of(a1, a2, b1));
        assertThat(pickAll(places)).containsExactly(a1, b1);

        Req c1 = req("c1", "c");
        places.addAll(List.of(c1));
        places.release(a1, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a2);
        places.release(b1, State.ENDED);
        assertThat(pickAll(places)).containsExactly(c1);
    }

    @Test
    void aRetryWhoseHostIsFullDoesNotHoldUpNewInputForAnotherHost() {
        Places<Req> places = new Places<>(2, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req b1 = req("b1", "b");
        places.addAll(List.of(a1, b1, a2));
        assertThat(pickAll(places)).containsExactly(a1, b1);

        places.release(a1, State.BACKING_OFF);
        assertThat(places.active()).as("a request gives its place back while it backs off").isEqualTo(1);
        assertThat(pickAll(places)).containsExactly(a2);

        Req fresh = req("fresh", "c");
        places.addAll(List.of(fresh));
        places.requeue(a1);
        assertThat(a1.state).isEqualTo(State.WAITING);
        places.release(b1, State.ENDED);
        assertThat(pickAll(places)).as("host a is full: the new input goes ahead of the retry").containsExactly(fresh);
        places.release(fresh, State.ENDED);
        places.release(a2, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a1);
    }

    @Test
    void aRetryJoinsTheEndOfItsHostsQueueBehindItsEarlierWaiters() {
        Places<Req> places = new Places<>(3, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req a3 = req("a3", "a");
        places.addAll(List.of(a1, a2, a3));
        assertThat(pickAll(places)).containsExactly(a1);

        places.release(a1, State.BACKING_OFF);
        places.requeue(a1);
        assertThat(pickAll(places)).containsExactly(a2);
        places.release(a2, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a3);
        places.release(a3, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a1);
    }

    @Test
    void aRetryWhoseBackoffIsOverGoesAheadOfNewInput() {
        Places<Req> places = new Places<>(2, 1);
        Req a1 = req("a1", "a");
        places.addAll(List.of(a1));
        assertThat(pickAll(places)).containsExactly(a1);
        places.release(a1, State.BACKING_OFF);

        Req b1 = req("b1", "b");
        places.addAll(List.of(b1));
        places.requeue(a1);
        assertThat(pickAll(places)).containsExactly(a1, b1);
    }

    @Test
    void aRequestThatEndedWhileItWaitedIsDropped() {
        Places<Req> places = new Places<>(3, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req a3 = req("a3", "a");
        Req b1 = req("b1", "b");
        places.addAll(List.of(a1, a2, a3, b1));
        assertThat(pickAll(places)).containsExactly(a1, b1);

        a2.state = State.ENDED; // the batch stopped it in its host's queue
        places.release(a1, State.ENDED);
        assertThat(pickAll(places)).containsExactly(a3);

        Req c1 = req("c1", "c");
        Req c2 = req("c2", "c");
        c1.state = State.ENDED; // and this one before it left the input's queue
        places.addAll(List.of(c1, c2));
        assertThat(pickAll(places)).containsExactly(c2);
        assertThat(places.pending()).isZero();
    }

    @Test
    void releasingARequestThatHoldsNoPlaceChangesNoCount() {
        Places<Req> places = new Places<>(2, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        places.addAll(List.of(a1, a2));
        assertThat(pickAll(places)).containsExactly(a1);

        places.release(a1, State.BACKING_OFF);
        places.release(a1, State.ENDED);
        assertThat(places.active()).isZero();
        assertThat(pickAll(places)).containsExactly(a2);
        assertThat(places.active()).isEqualTo(1);
    }

    @Test
    void aPerHostLimitOfSizeOrMoreLimitsNothing() {
        assertThat(new Places<Req>(4, 4).limitsHosts()).isFalse();
        assertThat(new Places<Req>(4, 9).limitsHosts()).isFalse();
        assertThat(new Places<Req>(4, 3).limitsHosts()).isTrue();

        Places<Req> places = new Places<>(3, 3);
        Req a1 = req("a1", Places.ANY_HOST);
        Req a2 = req("a2", Places.ANY_HOST);
        Req a3 = req("a3", Places.ANY_HOST);
        Req a4 = req("a4", Places.ANY_HOST);
        places.addAll(List.of(a1, a2, a3, a4));
        assertThat(pickAll(places)).containsExactly(a1, a2, a3);
    }

    @Test
    void clearingTheWaitingLeavesThePlacesHeld() {
        Places<Req> places = new Places<>(2, 1);
        Req a1 = req("a1", "a");
        Req a2 = req("a2", "a");
        Req b1 = req("b1", "b");
        Req c1 = req("c1", "c");
        places.addAll(List.of(a1, a2, b1, c1));
        assertThat(pickAll(places)).containsExactly(a1, b1);
        assertThat(places.pending()).isEqualTo(1);

        places.clearWaiting();
        assertThat(places.pending()).isZero();
        assertThat(places.active()).isEqualTo(2);
        places.release(a1, State.ENDED);
        assertThat(pickAll(places)).as("neither a2, queued for its host, nor c1, new input, is left").isEmpty();
    }
}
