@extends('layout')
@section('content')
    <h1>Laravel</h1>
    @auth
        <a href="{{ url('/home') }}">Home</a>
    @else
        <a href="{{ route('login') }}">Log in</a>
    @endauth
@endsection
