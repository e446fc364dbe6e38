@extends('layout')
@section('content')
    <h1>Dashboard</h1>
    <p>You're logged in as {{ Auth::user()->name }}.</p>
    {{-- Breeze's navigation: the logout is a POST form submitted by a link --}}
    <form method="POST" action="{{ route('logout') }}">
        @csrf
        <a href="{{ route('logout') }}" onclick="event.preventDefault(); this.closest('form').submit();">Log Out</a>
    </form>
@endsection
