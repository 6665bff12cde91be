"""Text analysis for public-opinion work: plain Python, no Django.

The platform loads rows, calls these modules with texts and plain data, and stores the results.
"""
