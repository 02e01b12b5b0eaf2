module x

replace example.com/y => ./y
