"""SignatureCertChainUrl rules: Amazon's own valid and invalid examples, plus dot segments and ports."""

import pytest

from skill.certs import VerificationError, normalise_cert_url


@pytest.mark.parametrize("url, expected", [
    ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-12.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"),
    ("https://s3.amazonaws.com/echo.api/./x/../echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
])
def test_valid_urls_normalise(url, expected):
    assert normalise_cert_url(url) == expected


@pytest.mark.parametrize("url, reason", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "scheme"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
    ("https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem", "host"),
    ("https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem", "host"),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com/echo.api/../x", "path"),
    ("https://s3.amazonaws.com/echo.api/../../echo.api.x/cert.pem", "path"),
    ("https://s3.amazonaws.com/echo.api/", "path"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
    ("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem", "port"),
    ("https://s3.amazonaws.com:99999/echo.api/echo-api-cert.pem", "malformed"),
    ("https://s3.amazonaws.com/echo.api/%2e%2e/x", "escapes"),
    ("https://s3.amazonaws.com/echo.api/cert.pem?x=1", "query"),
])
def test_invalid_urls_name_the_broken_rule(url, reason):
    with pytest.raises(VerificationError) as caught:
        normalise_cert_url(url)
    assert reason in str(caught.value)
