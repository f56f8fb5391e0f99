"""Settings of the server that bench/http_intake.py starts: the product's own, with a
URLconf that adds the benchmark's reference endpoint beside the product's URLs. Nothing
else differs; the rate limits are raised through the environment by the benchmark."""

from nghedan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
