"""structure transforms"""
