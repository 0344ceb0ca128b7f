module imgfav

go 1.26
