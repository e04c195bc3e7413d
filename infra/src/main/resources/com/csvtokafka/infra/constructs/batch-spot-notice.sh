#!/bin/bash
# csv-to-kafka: on a Batch instance, SIGTERM to every ECS task container once the Spot interruption notice is out.
# ECS does not stop standalone tasks (Batch jobs) on the notice, and the instance would just vanish two minutes
# later; with SIGTERM the processor commits, checkpoints and exits 3, which the job definition retries elsewhere.
# The watcher keeps going after the first notice, until the instance is gone: a container that started just before
# the instance was set to DRAINING gets its SIGTERM too. Each container is signalled once.
imds='http://169.254.169.254/latest'
signalled=' '
while true; do
  if token=$(curl -sf -X PUT "$imds/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60') &&
     curl -sf -o /dev/null -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/spot/instance-action"; then
    for container in $(docker ps -q --filter label=com.amazonaws.ecs.task-arn); do
      case "$signalled" in *" $container "*) continue ;; esac
      logger -t csv-to-kafka "Spot interruption notice: SIGTERM to ECS task container $container"
      if docker kill --signal TERM "$container" >/dev/null; then
        signalled="$signalled$container "
      fi
    done
  fi
  sleep 5
done
