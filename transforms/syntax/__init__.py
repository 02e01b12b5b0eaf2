"""syntax transforms"""
