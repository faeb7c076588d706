"""Scale-out through Kafka: gateways append OTLP to a topic, workers check, one writer stores (chdb).

- `gateway`: `veracity serve --queue kafka://HOST:PORT/TOPIC`, OTLP/HTTP in, acknowledged after Kafka.
- `messages`: what travels on the topics (the gateway's span batches, the Collector's OTLP protobuf,
  the workers' results).
- `assembler`: a worker's open traces per partition and the offsets it may commit.
- `worker`: `veracity worker`, one consumer group; `writer`: `veracity writer`, the results topic into the store.
- `cluster`: `veracity cluster`, all of them as processes.
"""
