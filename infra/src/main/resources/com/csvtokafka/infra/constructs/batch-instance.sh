# csv-to-kafka: Batch compute environment instance set-up (runs once at boot, before the ECS agent takes jobs).

# Give task containers the same 120 s as Fargate between SIGTERM and SIGKILL when a job is stopped.
echo "ECS_CONTAINER_STOP_TIMEOUT=120s" >> /etc/ecs/ecs.config
# On the Spot interruption notice the agent sets the instance DRAINING: ECS places no new task on it, so a retried
# attempt of a job is not started on an instance about to be reclaimed.
echo "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true" >> /etc/ecs/ecs.config

# Draining does not stop the running job: this watcher sends it SIGTERM on the notice (batch-spot-notice.sh).
cat > /usr/local/bin/csv-to-kafka-spot-notice <<'WATCHER'
@SPOT_NOTICE_WATCHER@
WATCHER
chmod 755 /usr/local/bin/csv-to-kafka-spot-notice

cat > /etc/systemd/system/csv-to-kafka-spot-notice.service <<'UNIT'
[Unit]
Description=csv-to-kafka: SIGTERM ECS task containers on a Spot interruption notice
After=docker.service

[Service]
ExecStart=/usr/local/bin/csv-to-kafka-spot-notice
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now --no-block csv-to-kafka-spot-notice.service
