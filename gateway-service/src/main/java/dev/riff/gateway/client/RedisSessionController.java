package dev.riff.gateway.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.jboss.logging.Logger;

/**
 * JDA's session controller with the identify limit kept in Redis ({@link IdentifyLock}), so gateway
 * pods that split the shards never identify faster than Discord allows. Connections wait in one
 * local queue and go one at a time.
 */
public final class RedisSessionController extends SessionControllerAdapter {

    private static final Logger LOG = Logger.getLogger(RedisSessionController.class);

    private final IdentifyLock lock;
    private final String gatewayUrl;
    private final BlockingQueue<SessionConnectNode> queue = new LinkedBlockingQueue<>();
    private volatile int concurrency = 1;
    private Thread worker;

    /** @param gatewayUrl the gateway to fall back to after a failed connect (the simulator's), or null for Discord's */
    public RedisSessionController(IdentifyLock lock, String gatewayUrl) {
        this.lock = lock;
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public void setConcurrency(int level) {
        concurrency = Math.max(1, level);
    }

    @Override
    public synchronized void appendSession(SessionConnectNode node) {
        queue.add(node);
        if (worker == null || !worker.isAlive()) {
            worker = Thread.ofPlatform().name("discord-identify").daemon(true).start(this::work);
        }
    }

    @Override
    public void removeSession(SessionConnectNode node) {
        queue.remove(node);
    }

    @Override
    public String getGateway() {
        return gatewayUrl != null ? gatewayUrl : super.getGateway();
    }

    private void work() {
        try {
            while (true) {
                SessionConnectNode node = queue.take();
                int bucket = node.getShardInfo().getShardId() % concurrency;
                while (!lock.tryAcquire(bucket)) {
                    Thread.sleep(200);
                }
                try {
                    node.run(queue.isEmpty());
                } catch (IllegalStateException e) {
                    LOG.warnf("Shard %s could not connect, queued again: %s", node.getShardInfo(), e.getMessage());
                    queue.add(node);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Identify queue stopped", e);
        }
    }
}
