package dev.salvo.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * Opens connections: TCP (name resolved through the JVM's resolver, so its cache and hosts file
 * apply), then TLS for https, each within the exchange's connect timeout. The pipeline is
 * {@code [tls] -> http codec -> Connection}; no aggregator, the exchange collects the body itself.
 *
 * <p>The response decoder accepts a status line of up to 16 KiB and a head of up to 1 MiB (more is
 * a {@code PROTOCOL} error, never an out-of-memory), and hands the body on in pieces of up to
 * 1 MiB (slices of what was read, not copies). It does not validate header fields: core's
 * {@code Headers} does, once, when the exchange copies them.
 */
final class Connector {
    static final String TLS = "tls";
    static final int MAX_HEAD = 1 << 20;
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(MAX_HEAD)
            .setMaxChunkSize(1 << 20)
            .setValidateHeaders(false);

    private final Bootstrap template;
    private final NettyTls tls;

    Connector(Bootstrap template, NettyTls tls) {
        this.template = template;
        this.tls = tls;
    }

    /** Opens a connection in {@code host}'s slot already reserved, and starts {@code ex} on it once it is ready. */
    void open(HostPool host, Exchange ex) {
        Connection c = new Connection(host);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ex.request.connectTimeout().toMillis()));
        ChannelFuture connect;
        try {
            connect = template.clone()
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                    .handler(new Init(c, timeoutMillis))
                    .connect(InetSocketAddress.createUnresolved(host.host, host.port));
        } catch (RuntimeException e) {
            // no channel was made (the group is shutting down): give the slot back
            host.closed(c);
            ex.connectFailed(e);
            return;
        }
        c.bind(connect.channel());
        host.pool.track(c);
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                f.channel().close();
                ex.connectFailed(f.cause());
                return;
            }
            SslHandler ssl = (SslHandler) f.channel().pipeline().get(TLS);
            if (ssl == null) {
                ex.connected(c);
                return;
            }
            ssl.handshakeFuture().addListener(hs -> {
                if (hs.isSuccess()) {
                    ex.connected(c);
                } else {
                    f.channel().close();
                    ex.connectFailed(hs.cause());
                }
            });
        });
    }

    private final class Init extends ChannelInitializer<Channel> {
        private final Connection connection;
        private final int timeoutMillis;

        Init(Connection connection, int timeoutMillis) {
            this.connection = connection;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            HostPool host = connection.host;
            if (host.https) {
                p.addLast(TLS, tls.newHandler(ch.alloc(), host.host, host.port, timeoutMillis));
            }
            p.addLast("http", new HttpClientCodec(DECODER, false, false));
            p.addLast("salvo", connection);
        }
    }
}
