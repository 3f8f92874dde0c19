"""Turning input files into document records: format sniffing, decoding, one module per
format."""
